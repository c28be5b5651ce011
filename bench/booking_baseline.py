"""The baseline of bench/booking.py: a bare Flask + Flask-SQLAlchemy app whose one route reads
one row by an indexed column and inserts one row, the least a booking could do.

    gunicorn 'bench.booking_baseline:create_app()'   (BENCH_DATABASE_URL names the database)"""
import os
import random
import uuid
from datetime import datetime, timezone

from flask import Flask, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, Float, String, select
from sqlalchemy.orm import Mapped, mapped_column

db = SQLAlchemy()
PLACES = 1000


class Place(db.Model):
    __tablename__ = "baseline_places"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str] = mapped_column(String(16), index=True, unique=True)
    lat: Mapped[float] = mapped_column(Float)


class Order(db.Model):
    __tablename__ = "baseline_orders"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    place_id: Mapped[str] = mapped_column(String(36))
    description: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def create_app():
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["BENCH_DATABASE_URL"]
    db.init_app(app)

    @app.post("/orders")
    def order():
        body = request.get_json()
        place = db.session.scalar(select(Place).where(
            Place.code == f"P{random.randrange(PLACES)}"))
        row = Order(id=str(uuid.uuid4()), place_id=place.id, description=body["description"],
                    created_at=datetime.now(timezone.utc))
        db.session.add(row)
        db.session.commit()
        return jsonify(id=row.id, place_id=place.id, description=row.description), 201

    return app


def prepare(url):
    """The baseline's tables, with its places, in the database at `url`."""
    os.environ["BENCH_DATABASE_URL"] = url
    app = create_app()
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.session.add_all(Place(id=str(uuid.uuid4()), code=f"P{n}", lat=30 + n / 1000)
                           for n in range(PLACES))
        db.session.commit()
    with app.app_context():
        db.engine.dispose()
