"""gunicorn's settings for serving the API (`gunicorn -c python:mobile_api.gunicorn_conf`), as
./serve and the booking bench serve it."""
import gc


def post_worker_init(worker):
    # What a worker has loaded by now (the app, its libraries, the catalogues) lives as long
    # as the worker. Frozen, it is left out of the garbage collector's full collections, each
    # of which walked its 160,000 objects (about 40 ms) in the middle of some request.
    gc.freeze()
