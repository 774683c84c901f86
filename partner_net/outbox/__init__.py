"""The email outbox: rows written with the change (``partner_net.mail.send_email``),
delivered after the commit by a worker (``delivery``), through SMTP or the log
(``transport``)."""
