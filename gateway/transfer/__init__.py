"""Spreadsheet import and export over HTTP, beside /graphql (表格导入导出).

    GET  /exports                         what can be exported/imported, with the columns
    GET  /exports/<name>.xlsx?<filters>   stream a sheet of rows in the caller's scope
    POST /imports/<name>[?dryRun=true]    body: the .xlsx; answer: a report of rows accepted and
                                          refused (row, field, code, reason in both languages)

Both take the same ``Authorization: Bearer`` token as GraphQL. A domain declares what it offers
in ``gateway/<domain>/transfers.py`` as :class:`~gateway.transfer.specs.ExportSpec` /
:class:`~gateway.transfer.specs.ImportSpec`, listed in :mod:`gateway.transfer.catalog`. The
service does the domain work behind two RPC conventions (see specs.py): a keyset-paged export
method and a batch import method that validates each row with its contract.
"""
