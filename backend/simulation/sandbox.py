"""The simulation's own rows: it refuses a database with real work in it, clears what an
earlier simulation left, and makes up its customers (marked `simulated`)."""
from sqlalchemy import delete, func, insert, or_, select

from backend.db import db, new_id
from backend.models import Job, User
from backend.models.touches import touch_before_delete

# Simulated customers' phones: a block of mainland mobile numbers kept for them.
PHONE_PREFIX = "+86170"
# No password: the customers exist to book, never to sign in.
NO_PASSWORD = None


class RealJobs(Exception):
    def __init__(self, count):
        super().__init__(f"the database holds {count} real (not simulated) jobs")
        self.count = count


def simulated_customers():
    return select(User.id).where(User.simulated.is_(True))


def refuse_real_jobs(also_allowed=None):
    """Raise RealJobs unless every job is a simulated customer's, or one of the customers of
    the query `also_allowed` (the demo loader's)."""
    conditions = [Job.customer_id.not_in(simulated_customers())]
    if also_allowed is not None:
        conditions.append(Job.customer_id.not_in(also_allowed))
    count = db.session.scalar(select(func.count(Job.id)).where(*conditions))
    if count:
        raise RealJobs(count)


def clear_earlier_simulations():
    """Delete the jobs of simulated customers and every row that hangs on them (or on the
    customers themselves, but the customers stay), so each run starts from the same network.
    The rows are found through the foreign keys, so a table added later is cleared too."""
    doomed = {"jobs": Job.customer_id.in_(simulated_customers())}
    tables = db.metadata.sorted_tables
    for table in tables:
        if table.name in ("users", "jobs"):
            continue
        conditions = []
        for key in table.foreign_keys:
            parent = key.column.table
            if parent.name == "users":
                conditions.append(key.parent.in_(simulated_customers()))
            elif parent.name in doomed:
                conditions.append(key.parent.in_(
                    select(key.column).where(doomed[parent.name])))
        if conditions:
            doomed[table.name] = or_(*conditions)
    # The reports' days of what goes, found while the rows that lead to them are there.
    for table in tables:
        if table.name in doomed:
            touch_before_delete(table, doomed[table.name])
    for table in reversed(tables):
        if table.name in doomed:
            db.session.execute(delete(table).where(doomed[table.name]))
    db.session.commit()


def customer_phone(number):
    return f"{PHONE_PREFIX}{number:08d}"


def customer_name(number):
    return f"Simulated customer {number}"


def customers(count, now):
    """The ids of `count` simulated customers, the same ones for every run on a database (made
    once, in bulk). Raises ValueError when a real account holds one of their phones."""
    phones = [customer_phone(number) for number in range(count)]
    known = {}
    for start in range(0, count, 5000):
        for phone, user_id, simulated in db.session.execute(
                select(User.phone, User.id, User.simulated)
                .where(User.phone.in_(phones[start:start + 5000]))):
            if not simulated:
                raise ValueError(f"a real account has the phone {phone}, which the "
                                 f"simulation keeps for its customers")
            known[phone] = user_id
    missing = [{"id": new_id(), "role": "customer", "name": customer_name(number),
                "phone": phone, "password_hash": NO_PASSWORD, "active": True,
                "created_at": now, "simulated": True}
               for number, phone in enumerate(phones) if phone not in known]
    for start in range(0, len(missing), 5000):
        db.session.execute(insert(User), missing[start:start + 5000])
    known.update((row["phone"], row["id"]) for row in missing)
    db.session.commit()
    return [known[phone] for phone in phones]
