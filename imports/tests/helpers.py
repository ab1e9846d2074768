"""Spreadsheets made in memory for the import tests."""

import io

import openpyxl

HEADER = ["Group name", "Summary", "Subjects", "Email", "Venue", "Address", "Town", "Postcode", "Day",
          "How often", "Starts", "Ends"]


def row(name="Tinnitus Circle", **values):
    given = {"Group name": name, "Summary": "A friendly group.", "Subjects": "Tinnitus and hearing loss",
             "Email": "hello@example.org", "Venue": "Community Centre", "Address": "1 Example Street",
             "Town": "Nottingham", "Postcode": "NG1 5FW", "Day": "Tuesday", "How often": "weekly",
             "Starts": "7:30pm", "Ends": "9pm", **values}
    return [given[h] for h in HEADER]


def csv_bytes(rows, header=HEADER, encoding="utf-8") -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(sheets: dict, merged=()) -> bytes:
    """{sheet name: rows (the first the header)}; `merged` ranges ("E2:E4") on the first sheet."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for values in rows:
            sheet.append(values)
    for cells in merged:
        book.worksheets[0].merge_cells(cells)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()
