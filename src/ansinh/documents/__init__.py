"""Official documents (văn bản hành chính) in the format of Nghị định 30/2020/NĐ-CP.

The module a regime prints its documents with:

- `kit`: a `Document` (issuing body, kind and symbol, number, place and date, subject, body blocks, Nơi nhận,
  signature blocks) typeset by typst into an A4 PDF; data enters only as string literals;
- `services`: the register (sổ đăng ký văn bản đi) that gives the next number per issuing unit, kind and
  year under a row lock, and keeps it for the document's subject so that a reprint shows the same number;
- `printing.print_pdf`: the number it was issued (else a draft), render, audit the hand-out as an export;
  only `issue=True` takes a number from the register, and only from a confirmed POST: a GET never writes;
- `bodies`: issuing bodies and places from the administrative units; `words`: amounts in words;
- signatories (`models.Signatory`): who signs a kind of document for a unit's People's Committee or the
  province's employment service centre over a term of office, recorded in scope (`services`, `selectors`,
  the pages and `api`); `selectors.signatory_on` finds the one in force on a document's date and
  `printing.signature` makes its block (none recorded: the title, the name left to the hand).

A regime writes a small `documents.py` that builds its `Document` and `Subject` (see
`benefits/documents.py`, `payments/documents.py`, `labour/referrals/documents.py`) and a view and an API
handler that fetch the object under scope and return `print_pdf(...)` as an attachment: a GET prints what
exists (a draft until issued); issuing is a POST (on the web confirmed through `core.webkit.confirm`).
"""
