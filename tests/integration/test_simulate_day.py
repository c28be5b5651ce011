"""`flask --app mobile_api simulate-day` through the command line, on the test database."""
import json

from sqlalchemy import func, select

from backend.db import db
from backend.models import Job, Notification, User
from fixtures.demo_network import read_cities
from tests.jobs_factory import book

DAY = "2027-07-15"


def simulated_jobs():
    return db.session.scalar(select(func.count(Job.id)).join(
        User, User.id == Job.customer_id).where(User.simulated.is_(True)))


def jobs():
    return db.session.scalar(select(func.count(Job.id)))


def simulate(runner, tmp_path, *options, name="day.json", language="zh_CN.UTF-8"):
    """The run, as an operator whose shell speaks `language` reads it."""
    path = tmp_path / name
    result = runner.invoke(args=["simulate-day", "--date", DAY, "--json", str(path), *options],
                           env={"LANGUAGE": language})
    figures = json.loads(path.read_text())["figures"] if result.exit_code == 0 else None
    return result, figures


def given_the_demo(runner):
    result = runner.invoke(args=["load-demo"])
    assert result.exit_code == 0, result.output


def given_a_network(make):
    """A point with two technicians in each of the ten largest cities: quicker to build than
    the demo network, and bookings elsewhere wait pending, as they would."""
    for city in read_cities()[:10]:
        point = make.point(lat=city.lat, lon=city.lon, coverage_km=80,
                           brands=["Gree", "Midea", "Haier", "Hisense", "AUX", "Daikin"],
                           daily_capacity=200)
        make.technician(point)
        make.technician(point)


def test_a_small_day_is_booked_worked_and_reported_through_the_system(runner, ctx, make,
                                                                       tmp_path):
    given_a_network(make)

    result, figures = simulate(runner, tmp_path, "--bookings", "40", "--seed", "3")

    assert result.exit_code == 0, result.output
    assert "p_late = 0.15" in result.stdout  # every parameter is printed at the start
    assert "准时上门率" in result.stdout and "违约最多的网点：" in result.stdout
    assert "七项服务标准" in result.stdout and "比真实时间快" in result.stdout
    assert "booked" in result.stderr and "(simulated)" in result.stderr  # the progress bar
    assert figures["kpis"]["jobs_booked"] == 40
    assert figures["kpis"]["jobs_completed"] == figures["statuses"]["completed"] > 10
    assert sum(figures["statuses"].values()) == 40
    assert figures["outbox_left"] == 0
    assert figures["clocks"]["within_one_interval"] is True
    assert simulated_jobs() == 40  # its customers are marked as made up


def test_customers_who_phone_are_booked_by_the_hotline_desk_which_also_calls_back(
        runner, ctx, make, tmp_path):
    given_a_network(make)

    result, figures = simulate(runner, tmp_path, "--bookings", "40", "--seed", "3",
                               "--param", "p_hotline=0.5", "--param", "p_message=0.3",
                               language="en_GB.UTF-8")

    assert result.exit_code == 0, result.output
    events, kpis = figures["events"], figures["kpis"]
    phoned = events["calls_booked"] + events.get("calls_abandoned", 0) + events["calls_message"]
    assert kpis["calls"] == phoned > 10
    # Callers who hung up booked in the app, and messages were returned and booked: every
    # customer got a job.
    assert kpis["jobs_booked"] == 40
    assert kpis["messages_returned_on_time_rate"] == 1.0
    assert kpis["answered_within_three_rings_rate"] is not None
    assert kpis["callbacks_done_rate"] > 0  # the desk's rounds of the follow-up queue
    assert "p_hotline = 0.5" in result.stdout
    assert "Hotline calls" in result.stdout and "Answered within 3 rings" in result.stdout


def test_the_same_seed_gives_the_same_figures_and_another_seed_others(runner, ctx, make,
                                                                      tmp_path):
    given_a_network(make)

    _, first = simulate(runner, tmp_path, "--bookings", "30", "--seed", "5", name="a.json")
    _, again = simulate(runner, tmp_path, "--bookings", "30", "--seed", "5", name="b.json")
    _, other = simulate(runner, tmp_path, "--bookings", "30", "--seed", "6", name="c.json")

    assert first == again
    assert first["kpis"] != other["kpis"]
    # Each run starts from the network alone: the earlier runs' jobs were cleared.
    assert simulated_jobs() == 30


def test_a_database_with_real_jobs_is_refused_and_the_demo_s_history_is_no_obstacle(
        runner, app, ctx, make, tmp_path):
    given_the_demo(runner)  # its month of history is the demo's own, not real work
    book(app, make.customer())
    before = jobs()

    refused, _ = simulate(runner, tmp_path, "--bookings", "10", language="en")

    assert refused.exit_code == 1
    assert "refused: the database holds 1 real (not simulated) jobs" in refused.output
    assert jobs() == before


def test_a_forced_run_plays_beside_real_jobs_and_leaves_them_alone(runner, app, ctx, make,
                                                                   tmp_path):
    # A network of its own rather than the demo's: computing the demo month's report days
    # would take minutes on PostgreSQL and prove nothing more here.
    given_a_network(make)
    customer = make.customer()
    real = book(app, customer)
    before = jobs()

    forced, figures = simulate(runner, tmp_path, "--bookings", "10", "--force")

    assert forced.exit_code == 0, forced.output
    assert jobs() == before + 10
    assert db.session.get(Job, real).customer_id == customer.id
    assert db.session.scalar(select(func.count(Notification.id)).where(
        Notification.job_id == real)) > 0


def test_a_replay_plays_exactly_the_recorded_bookings(runner, ctx, make, tmp_path):
    given_a_network(make)
    recorded = tmp_path / "bookings.csv"
    recorded.write_text("at, lat, lon, service, brand\n"
                        "2027-07-15T09:00:00+08:00, 31.2304, 121.4737, repair, Midea\n"
                        "2027-07-15T20:15:00+08:00, 39.9075, 116.3972, install, Gree\n")

    result, figures = simulate(runner, tmp_path, "--replay", str(recorded))

    assert result.exit_code == 0, result.output
    assert figures["bookings"] == 2
    assert sorted(db.session.scalars(select(Job.service).join(
        User, User.id == Job.customer_id).where(User.simulated.is_(True)))) == [
        "install", "repair"]


def test_bad_input_is_refused_with_a_message_not_a_traceback(runner, ctx, make, tmp_path):
    given_a_network(make)
    broken = tmp_path / "broken.csv"
    broken.write_text("at, lat, lon, service, brand\nyesterday, 31, 121, repair, Gree\n")

    for options, message in ((["--replay", str(broken)], "line 2"),
                             ([], "--bookings N or --replay FILE"),
                             (["--bookings", "5", "--param", "p_late=2"], "p_late"),
                             (["--bookings", "5", "--param", "speed=3"], "no parameter 'speed'")):
        result, _ = simulate(runner, tmp_path, *options)
        assert result.exit_code == 2, result.output
        assert message in result.output
    assert simulated_jobs() == 0


def test_without_a_network_there_is_nothing_to_simulate(runner, ctx, tmp_path):
    result, _ = simulate(runner, tmp_path, "--bookings", "5")

    assert result.exit_code == 1
    assert "load-demo" in result.output
