"""People read the system in their own language: a locale per person, notifications rendered
in it with the person's name, and every time with its date and zone."""
from datetime import timedelta

import pytest
import time_machine

from tests.api.jobs_helpers import Desk
from tests.conftest import T0  # 10:00 in Shanghai, 1 July 2026


def register(client, headers=None, **body):
    body = {"name": "王芳", "phone": "+8613912345678", "password": "s3cret-pass", **body}
    return client.post("/api/v1/auth/register", json=body, headers=headers or {})


@pytest.mark.parametrize(("accept_language", "locale"), [
    (None, "zh-CN"), ("en-US,en;q=0.9", "en"), ("zh-TW,en;q=0.5", "zh-CN"),
    ("fr-FR,en;q=0.8", "en"), ("fr-FR", "zh-CN")])
def test_a_customer_who_names_no_locale_gets_the_one_their_phone_asks_for(
        client, accept_language, locale):
    headers = {"Accept-Language": accept_language} if accept_language else {}
    response = register(client, headers)
    assert response.status_code == 201
    assert _me(client, "+8613912345678")["locale"] == locale


def test_a_locale_named_at_registration_wins_over_the_phone_s_language(client):
    assert register(client, {"Accept-Language": "zh-CN"}, locale="en").status_code == 201
    assert _me(client, "+8613912345678")["locale"] == "en"


def test_a_locale_the_system_does_not_speak_is_refused(client):
    response = register(client, locale="fr")
    assert response.status_code == 422
    assert "locale" in response.get_json()["errors"]


def test_a_person_changes_their_name_and_language(client, make):
    customer = make.customer(name="Wang Fang")
    response = client.patch("/api/v1/me", json={"name": "王芳", "locale": "en"},
                            headers=make.headers(customer))
    assert response.status_code == 200
    assert (response.get_json()["name"], response.get_json()["locale"]) == ("王芳", "en")
    me = client.get("/api/v1/me", headers=make.headers(customer)).get_json()
    assert (me["name"], me["locale"]) == ("王芳", "en")
    response = client.patch("/api/v1/me", json={"locale": "de"}, headers=make.headers(customer))
    assert response.status_code == 422
    response = client.patch("/api/v1/me", json={"role": "admin"}, headers=make.headers(customer))
    assert response.status_code == 422


def test_staff_get_the_language_the_admin_gives_them(client, make):
    point = make.point()
    response = client.post("/api/v1/staff", headers=make.headers(make.admin()), json={
        "role": "technician", "name": "Li Wei", "phone": "+8613912340000",
        "password": "s3cret-pass", "service_point_id": point.id, "locale": "en"})
    assert response.status_code == 201
    assert _me(client, "+8613912340000")["locale"] == "en"


def test_a_customer_reads_every_message_of_a_visit_in_chinese_addressed_by_name(client, make):
    desk = _desk(client, make)
    with time_machine.travel(T0, tick=False):
        job = desk.book()
        desk.step(job, "accept")
        desk.step(job, "depart", {"eta": "2026-07-01T11:00:00+08:00"})
        desk.step(job, "delay", {"eta": "2026-07-02T09:15:00+08:00", "reason": "延安路堵车"})
        desk.step(job, "arrive", {"location": {"lat": 31.2305, "lon": 121.4738}})
        desk.step(job, "complete", {"resolution": "补充冷媒", "customer_confirmed": True})
        texts = [n["text"] for n in reversed(desk.notifications())]
    phone = desk.point.phone
    assert texts == [
        f"王芳您好，您的维修工单已交给徐汇空调服务中心（电话 {phone}），"
        "对方将在今天（7月1日）10:30（北京时间）前答复您。",
        "王芳您好，您的维修工单由徐汇空调服务中心的李伟师傅为您服务。",
        "王芳您好，师傅已出发，预计今天（7月1日）11:00（北京时间）到达。",
        "王芳您好，非常抱歉，师傅会晚一些到（延安路堵车），预计明天（7月2日）09:15（北京时间）到达。",
        "王芳您好，师傅已到达您的地址。",
        "王芳您好，您的维修工单已完成，感谢您的信任。",
        "王芳您好，您对这次上门服务满意吗？请在应用里告诉我们，您的意见对我们很重要。"]


def test_the_same_messages_read_in_english_once_the_customer_switches(client, make):
    desk = _desk(client, make)
    with time_machine.travel(T0, tick=False):
        job = desk.book()
        desk.step(job, "accept")
        desk.step(job, "depart", {"eta": "2026-07-01T11:00:00+08:00"})
    client.patch("/api/v1/me", json={"locale": "en"}, headers=make.headers(desk.customer))
    with time_machine.travel(T0 + timedelta(days=3), tick=False):
        notes = list(reversed(desk.notifications()))
    # Read three days later: the times say their dates, no longer "today".
    assert [n["text"] for n in notes] == [
        f"Hello 王芳, your repair job is with 徐汇空调服务中心 ({desk.point.phone}). They will "
        "answer by 1 Jul 10:30 (China Standard Time).",
        "Hello 王芳, 李伟 of 徐汇空调服务中心 will do your repair job.",
        "Hello 王芳, your technician is on the way and expects to arrive at 1 Jul 11:00 "
        "(China Standard Time)."]
    assert [(n["template"], n["params"]) for n in notes] == [
        ("job_placed", {"service": "repair", "point": "徐汇空调服务中心",
                        "phone": desk.point.phone, "respond_by": "2026-07-01T02:30:00Z",
                        "name": "王芳"}),
        ("job_accepted", {"technician": "李伟", "point": "徐汇空调服务中心",
                          "service": "repair", "name": "王芳"}),
        ("on_the_way", {"eta": "2026-07-01T03:00:00Z", "name": "王芳"})]
    # The API's own timestamps stay UTC.
    assert notes[0]["created_at"] == "2026-07-01T02:00:00Z"


def test_a_technician_reads_a_new_job_in_their_own_language(client, make):
    desk = _desk(client, make)
    english = make.technician(desk.point, name="Tom Li", locale="en")
    with time_machine.travel(T0, tick=False):
        desk.book(service="install")
    assert [n["text"] for n in desk.notifications(desk.technician)] == [
        "新的Midea安装工单，距离 0.0 公里。"]
    assert [n["text"] for n in desk.notifications(english)] == [
        "New installation job for Midea, 0.0 km away."]


def _desk(client, make):
    desk = Desk(client, make, name="徐汇空调服务中心")
    desk.customer = make.customer(name="王芳")
    desk.technician = make.technician(desk.point, name="李伟")
    return desk


def _me(client, phone):
    tokens = client.post("/api/v1/auth/login",
                         json={"phone": phone, "password": "s3cret-pass"}).get_json()
    return client.get("/api/v1/me",
                      headers={"Authorization": f"Bearer {tokens['access_token']}"}).get_json()


def test_an_error_speaks_the_caller_s_language(client, make):
    chinese, english = make.customer(), make.customer(locale="en")
    for caller, title, detail in (
            (chinese, "未找到", "没有找到这个工单，请您核对一下。"),
            (english, "Not Found", "We could not find this job.")):
        problem = client.get("/api/v1/jobs/no-such-job", headers=make.headers(caller)).get_json()
        assert (problem["title"], problem["detail"]) == (title, detail)


def test_an_anonymous_caller_s_error_follows_accept_language(client):
    for language, title, detail in (
            ("zh-CN,zh;q=0.9", "未登录", "请您先登录（Missing Authorization Header）。"),
            ("en-GB", "Unauthorized", "Please sign in first (Missing Authorization Header).")):
        problem = client.get("/api/v1/me", headers={"Accept-Language": language}).get_json()
        assert (problem["title"], problem["detail"]) == (title, detail)


def test_validation_messages_are_translated_with_their_values(client):
    problem = client.post("/api/v1/auth/register", json={"name": "", "phone": "+8613912345678"},
                          headers={"Accept-Language": "zh-CN"}).get_json()
    assert problem["detail"] == "请求中有填写不正确的项目，请看下面的说明。"
    assert problem["errors"] == {"name": ["长度需要在 1 到 120 之间。"],
                                 "password": ["此项为必填项。"]}
    problem = client.post("/api/v1/auth/register", json={"name": "", "phone": "+8613912345678"},
                          headers={"Accept-Language": "en"}).get_json()
    assert problem["errors"] == {"name": ["Length must be between 1 and 120."],
                                 "password": ["Missing data for required field."]}


def test_our_own_input_checks_speak_chinese_too(client):
    chinese = {"Accept-Language": "zh-CN"}
    problem = client.post("/api/v1/auth/register", headers=chinese, json={
        "name": "王\u0000芳", "phone": "12345", "password": "long-enough-1"}).get_json()
    assert problem["errors"] == {"name": ["这里不能包含控制字符。"],
                                 "phone": ["不是有效的电话号码，例如 +8613800000003 或 138 0000 0003。"]}
    problem = client.post("/api/v1/auth/login", data='{"phone": ', headers={
        **chinese, "Content-Type": "application/json"}).get_json()
    assert problem["detail"] == "请求体不是有效的 JSON（第 1 行，第 11 列）。"
    problem = client.post("/api/v1/auth/login", data='{"phone": NaN}', headers={
        "Accept-Language": "en", "Content-Type": "application/json"}).get_json()
    assert problem["detail"] == "The body is not valid JSON: NaN is not a JSON number."


def test_a_refusal_names_the_job_s_state_in_the_caller_s_words(client, make):
    desk = _desk(client, make)
    job = desk.book()
    desk.step(job, "cancel", {"reason": "不需要了"}, as_user=desk.customer)
    refused = desk.act(job, "accept")
    assert refused.status_code == 409
    assert refused.get_json()["detail"] == "工单当前为“已取消”状态，无法变更为“已接单”。"
    client.patch("/api/v1/me", json={"locale": "en"}, headers=make.headers(desk.technician))
    assert desk.act(job, "accept").get_json()["detail"] == (
        "A job that is cancelled cannot be accepted.")


def test_the_timeline_speaks_the_reader_s_language_and_keeps_people_s_words(client, make):
    desk = _desk(client, make)
    with time_machine.travel(T0, tick=False):
        job = desk.book()
        desk.step(job, "accept")
        desk.step(job, "depart", {"eta": "2026-07-01T11:00:00+08:00"})
        desk.step(job, "delay", {"eta": "2026-07-01T11:40:00+08:00", "reason": "延安路堵车"})
        desk.step(job, "cancel", {"reason": "已经自己修好了"}, as_user=desk.customer)
        notes = [e["note"] for e in desk.get(job).get_json()["timeline"]]
        assert notes == ["已分配给最近的合格服务网点，距离 0.0 公里。", None,
                         "预计到达：今天（7月1日）11:00（北京时间）",
                         "新的预计到达时间：今天（7月1日）11:40（北京时间），原因：延安路堵车",
                         "已经自己修好了"]
        english = make.dispatcher(locale="en")
        notes = [e["note"] for e in desk.get(job, as_user=english).get_json()["timeline"]]
    assert notes == ["Placed at the nearest eligible service point, 0.0 km away.", None,
                     "ETA 11:00 today, 1 Jul (China Standard Time)",
                     "New ETA 11:40 today, 1 Jul (China Standard Time): 延安路堵车",
                     "已经自己修好了"]
