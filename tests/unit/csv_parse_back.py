#!/usr/bin/python3
"""Reads a CSV file the way an independent consumer would, for tst_exportfile.

Prints one JSON object (ASCII) on stdout:
  bom          the file starts with a UTF-8 BOM
  rows         the records as Python's csv module reads them (strict mode,
               the BOM removed, the text decoded as strict UTF-8)
  quoted       per record and field: whether the field was written in quotes
  bare_breaks  CR or LF outside quotes that are not part of a CRLF
  ends_crlf    the file ends with CRLF
Exits non-zero, with the reason on stderr, when the file is not valid UTF-8
or not valid CSV.
"""

import csv
import io
import json
import sys


def scan_layout(text):
    """Which fields are quoted and which line breaks are bare, by hand."""
    quoted_rows, current = [], []
    bare = 0
    i, n = 0, len(text)
    at_field_start = True
    while i < n:
        if at_field_start:
            at_field_start = False
            current.append(text[i] == '"')
            if text[i] == '"':
                i += 1
                while True:
                    j = text.find('"', i)
                    if j < 0:
                        raise ValueError("unterminated quoted field")
                    if j + 1 < n and text[j + 1] == '"':
                        i = j + 2
                        continue
                    i = j + 1
                    break
                continue
        c = text[i]
        if c == ",":
            at_field_start = True
            i += 1
        elif c == "\r" and i + 1 < n and text[i + 1] == "\n":
            quoted_rows.append(current)
            current = []
            at_field_start = True
            i += 2
        elif c in "\r\n":
            bare += 1
            i += 1
        else:
            i += 1
    if current:
        quoted_rows.append(current)
    return quoted_rows, bare


def main():
    csv.field_size_limit(sys.maxsize)
    data = open(sys.argv[1], "rb").read()
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8") if bom else data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    quoted, bare = scan_layout(text)
    json.dump(
        {
            "bom": bom,
            "rows": rows,
            "quoted": quoted,
            "bare_breaks": bare,
            "ends_crlf": text.endswith("\r\n"),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
