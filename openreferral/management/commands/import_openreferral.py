import csv
import sys

from django.core.management.base import BaseCommand, CommandError

from lib.spreadsheets import safe_cell
from openreferral.importer import Importer
from openreferral.mapping import MappingError, TermMapping
from openreferral.sources import SourceError, open_source


class Command(BaseCommand):
    help = (
        "Import groups, venues and meetings from Open Referral data: an HSDS 3 datapackage "
        "(JSON, or CSV tables in a folder or .zip), a saved Open Referral UK feed (3.0 or 1.0) "
        "or a live feed's base URL. All or nothing: if any record is refused nothing is written "
        "(unless --skip-invalid), and the report says which record, which field and why. "
        "Running it again with the same source changes nothing. New listings wait for review "
        "unless --publish."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="A file, a folder, a .zip, or a feed's base URL (https://…)")
        parser.add_argument("--mapping", help="CSV file mapping the source's taxonomy terms to our categories")
        parser.add_argument("--publish", action="store_true", help="List imported groups at once, without review")
        parser.add_argument("--skip-invalid", action="store_true",
                            help="Leave out refused records and import the rest")
        parser.add_argument("--dry-run", action="store_true", help="Check everything, write nothing")
        parser.add_argument("--report", help="Also write the report of problems to this CSV file")
        parser.add_argument("--verbose", action="store_true",
                            help="List each problem, not only how many there were of each kind")
        parser.add_argument("--per-page", type=int, default=100, help="Page size to ask a live feed for")
        parser.add_argument("--source-name",
                            help="Name records by this source instead of the path or address, so that a "
                                 "dataset moved or saved elsewhere is still recognised when imported again")

    def handle(self, *args, **options):
        try:
            mapping = TermMapping(options["mapping"])
            source = open_source(options["source"])
        except (MappingError, SourceError) as error:
            raise CommandError(str(error)) from None
        if hasattr(source, "per_page"):
            source.per_page = options["per_page"]
        if options["source_name"]:
            source.label = options["source_name"]
        importer = Importer(mapping=mapping, publish=options["publish"], skip_invalid=options["skip_invalid"])
        try:
            report = importer.run(source, dry_run=options["dry_run"])
        except SourceError as error:
            raise CommandError(f"{error}. Nothing was imported.") from None
        finally:
            source.close()
        self.print_report(report, options["verbose"])
        if options["report"]:
            with open(options["report"], "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(["source", "record", "id", "field", "value", "problem", "refused"])
                # Values come from someone else's feed and the file is opened in a spreadsheet.
                for p in report.problems:
                    writer.writerow([safe_cell(cell) for cell in (
                        report.source, p.record, p.record_id, p.field, p.value, p.message,
                        "yes" if p.refused else "no")])
                for term_id, (name, taxonomy, uses) in report.unmapped_terms.items():
                    writer.writerow([safe_cell(cell) for cell in (
                        report.source, "taxonomy_term", term_id, "category", name,
                        f"no category mapped ({taxonomy}; used {uses} times)", "no")])
                if report.unshown:
                    writer.writerow([safe_cell(report.source), "", "", "", "", self.unshown(report), ""])
        if report.refused and not options["skip_invalid"]:
            raise CommandError(
                f"{report.refused} record(s) refused, so nothing was imported. "
                "Correct them, or run again with --skip-invalid to import the rest."
            )

    def print_report(self, report, verbose=False):
        out = self.stdout
        for p in report.problems if verbose else []:
            kind = "refused" if p.refused else "note"
            out.write(f"{kind}: {p.record} {p.record_id}: {p.field} “{p.value}” {p.message}")
        for term_id, (name, taxonomy, uses) in report.unmapped_terms.items():
            out.write(f"unmapped term: {term_id} “{name}” ({taxonomy or 'no taxonomy'}), used {uses} times; "
                      "add it to the mapping file")
        if report.unshown and verbose:
            out.write(self.unshown(report))
        if report.reasons:
            out.write("Problems by reason (--verbose lists each):" if not verbose else "Problems by reason:")
        for (refused, record, field, _form), (message, count) in sorted(
                report.reasons.items(), key=lambda item: (not item[0][0], -item[1][1])):
            out.write(f"{count:>8} {'refused' if refused else 'note'}: {record} {field}: {message}")
        if report.written:
            out.write(self.style.SUCCESS(
                f"Imported from {report.source}: {report.created} new, {report.updated} changed, "
                f"{report.unchanged} unchanged, {report.refused} refused."))
        else:
            out.write(f"Checked {report.source}: {report.created + report.updated + report.unchanged} "
                      f"record(s) would be taken, {report.refused} refused. Nothing was written.")
        sys.stdout.flush()

    @staticmethod
    def unshown(report):
        return f"… and {report.unshown} more problems not shown (the first {len(report.problems)} are above)"
