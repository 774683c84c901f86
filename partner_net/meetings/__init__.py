"""The weekly meeting: schedule, roll call, visitors, agenda, live console, referral round
and the weekly report. Pure rules live in ``partner_net.domain`` (rotation, rota,
attendance); defaults in ``defaults.toml``."""
