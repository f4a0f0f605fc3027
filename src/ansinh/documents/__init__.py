"""Official documents (văn bản hành chính) in the format of Nghị định 30/2020/NĐ-CP.

The module a regime prints its documents with:

- `kit`: a `Document` (issuing body, kind and symbol, number, place and date, subject, body blocks, Nơi nhận,
  signature blocks) typeset by typst into an A4 PDF; data enters only as string literals;
- `services`: the register (sổ đăng ký văn bản đi) that gives the next number per issuing unit, kind and
  year under a row lock, and keeps it for the document's subject so that a reprint shows the same number;
- `printing.print_pdf`: number (unless a draft), render, audit the hand-out as an export;
- `bodies`: issuing bodies and places from the administrative units; `words`: amounts in words.

A regime writes a small `documents.py` that builds its `Document` and `Subject` (see
`benefits/documents.py`, `payments/documents.py`, `labour/referrals/documents.py`) and a view and an API
handler that fetch the object under scope and return `print_pdf(...)` as an attachment.
"""
