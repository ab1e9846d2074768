"""Work staff start from the web and the job runner does (imports, the printed directory):
one loop for taking each piece in turn."""


def run_each(claim_next, execute, stop=None) -> int:
    """Claim the next piece of work (`claim_next()`, None when there is none) and `execute` it,
    until none is left or `stop` (a threading.Event) is set; how many were done."""
    count = 0
    while not (stop is not None and stop.is_set()):
        piece = claim_next()
        if piece is None:
            break
        execute(piece)
        count += 1
    return count
