"""Settings of the scale benchmark's server: the application's, with the bare view routed."""

from medmassage.config.settings import *  # noqa: F403

ROOT_URLCONF = "medmassage.config.bench_urls"
