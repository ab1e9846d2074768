"""Checking a large source in a second process while this one writes.

An import does two kinds of work of about the same size: reading the source and checking
each record (into a Plan), and writing the plans to the database. For a large source the
reading and checking run in a child process, forked once the source is open, and the
plans come back through a pipe a batch at a time while this process writes the batch
before. Only this process touches the database, inside the import's one transaction.

The pipe holds little, so a child that gets ahead waits: memory stays that of a batch or
two. The report comes back with the plans (the problems of each batch, and the count of
refused records so far), so it is the same, in the same order, as when one process does
everything; so are the plans, and so what is written.
"""

import contextlib
import copyreg
import io
import multiprocessing
import pickle
import traceback
import uuid

from django.db import connections

from .sources import SourceError, can_fork

MIN_SERVICES = 5_000  # below this, starting a second process costs more than it saves


def worth_it(source) -> bool:
    count = source.count()
    return count is not None and count >= MIN_SERVICES and can_fork()


def checked_elsewhere(importer, source):
    """importer's batches of plans, checked in a child process (see Importer.batches)."""
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(importer, source, sending), name="openreferral-check", daemon=True)
    child.start()
    sending.close()
    try:
        while True:
            try:
                kind, *message = pickle.loads(receiving.recv_bytes())  # noqa: S301 - from our own child
            except EOFError:
                raise SourceError("the process reading the source stopped before the end") from None
            if kind == "batch":
                plans, problems, refused = message
                importer.report.problems += problems
                importer.report.refused = refused
                yield plans
            elif kind == "end":
                importer.report.unmapped_terms = message[0]
                return
            elif kind == "source error":
                raise SourceError(message[0])
            else:
                raise RuntimeError(f"reading the source failed:\n{message[0]}")
    finally:
        receiving.close()
        child.join(timeout=5)
        if child.is_alive():
            child.kill()
            child.join()


def _child(importer, source, sending):
    # The database connections this process was forked with are the parent's, in the
    # middle of its transaction: they are let go (not closed, which would end the
    # parent's session too), so that nothing here can use them.
    for connection in connections.all(initialized_only=True):
        connection.connection = None
    report = importer.report
    try:
        source.after_fork()
        for plans in importer.checked_here(source):
            sending.send_bytes(_dumps(("batch", plans, report.problems, report.refused)))
            report.problems = []
        sending.send_bytes(_dumps(("end", report.unmapped_terms)))
    except SourceError as error:
        _tell(sending, ("source error", str(error)))
    except BaseException:  # noqa: BLE001 - whatever it is, the parent must hear of it
        _tell(sending, ("error", traceback.format_exc()))
    finally:
        sending.close()


def _tell(sending, message):
    """Send what stopped the child, unless the parent has stopped listening (it stopped first)."""
    with contextlib.suppress(OSError):
        sending.send_bytes(_dumps(message))


def _dumps(value) -> bytes:
    """pickle.dumps, with UUIDs sent as their number and made again without uuid.UUID's
    checks (a plan holds several; the checks took longer than the rest of the plan)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, uuid.UUID: _reduce_uuid}
    pickler.dump(value)
    return buffer.getvalue()


def _reduce_uuid(value):
    return _uuid, (value.int,)


def _uuid(number) -> uuid.UUID:
    value = object.__new__(uuid.UUID)
    object.__setattr__(value, "int", number)
    object.__setattr__(value, "is_safe", uuid.SafeUUID.unknown)
    return value
