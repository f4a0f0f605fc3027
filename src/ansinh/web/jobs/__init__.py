"""Pages that follow background jobs. Importing this package registers the job kinds the web app runs."""

from ansinh.core.webkit.listkit import export as _list_export  # noqa: F401  (the 'Xuất Excel' job kind)
