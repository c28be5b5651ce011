"""Network administration: service points, and the public list of points near a customer."""
from sqlalchemy import select

from backend.db import db
from backend.domain.errors import NotFound
from backend.models import ACTIVE_TECHNICIAN, ServicePoint, User
from backend.services.placement import bump_revision, network_index
from backend.services.unit_of_work import use_case


@use_case
def add_service_point(fields, now):
    location = fields.pop("location")
    point = ServicePoint(**fields, lat=location["lat"], lon=location["lon"], active=True,
                         created_at=now, updated_at=now)
    db.session.add(point)
    bump_revision()
    return point


@use_case
def update_service_point(point_id, changes, now):
    point = get_service_point(point_id)
    changes = dict(changes)
    location = changes.pop("location", None)
    if location is not None:
        point.lat, point.lon = location["lat"], location["lon"]
    for name, value in changes.items():
        setattr(point, name, value)
    point.updated_at = now
    bump_revision()
    return point


def get_service_point(point_id):
    point = db.session.get(ServicePoint, point_id)
    if point is None:
        raise NotFound("no such service point")
    return point


def points_near(lat, lon, service=None, brand=None):
    """Active points offering `service` for `brand` that reach (lat, lon), nearest first, as
    (point, distance_km) pairs."""
    candidates = network_index().within_coverage(lat, lon, service, brand)
    points = {p.id: p for p in db.session.scalars(
        select(ServicePoint).where(ServicePoint.id.in_([c.site.id for c in candidates])))}
    return [(points[c.site.id], c.distance_km) for c in candidates if c.site.id in points]


def active_points(service=None, brand=None):
    """Active points offering `service` for `brand`, by name, wherever they are."""
    points = db.session.scalars(select(ServicePoint).where(ServicePoint.active.is_(True))
                                .order_by(ServicePoint.name, ServicePoint.id))
    return [p for p in points
            if (service is None or service in p.services) and (brand is None or brand in p.brands)]


def technicians_of(actor, point_id):
    """The point's active technicians, by name, for a dispatcher who may place jobs there:
    a network dispatcher or an admin anywhere, a point's dispatcher only at their own."""
    point = get_service_point(point_id)
    if not actor.network_wide and actor.service_point_id != point.id:
        raise NotFound("no such service point")
    return db.session.scalars(select(User).where(
        User.service_point_id == point.id, ACTIVE_TECHNICIAN)
        .order_by(User.name, User.id)).all()
