"""``/health`` for load balancers: 200 when the database answers, else 503."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Blueprint, jsonify

from partner_net.extensions import db, limiter

bp = Blueprint("ops", __name__)
log = logging.getLogger(__name__)


@bp.get("/health")
@limiter.exempt
def health():
    try:
        db.session.execute(sa.text("SELECT 1"))
    except Exception as error:  # any failure to reach the database means "take me out"
        db.session.rollback()
        log.error("health check: database unavailable: %s", type(error).__name__)
        return jsonify(status="unavailable", database="error"), 503
    finally:
        db.session.close()
    return jsonify(status="ok", database="ok")
