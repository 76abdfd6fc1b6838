"""Take the README's screenshot of the Parcoursup mock-up (docs/img/parcoursup-mockup.png).

    .venv/bin/python tools/screenshot_demo.py [--width 1280] [--height 900] [--out PATH]

It starts the BFF on a free loopback port with the embedded defaults (a throwaway SQLite
database and instance folder, in-process cache, demo offers: the demo's own `instance/`
is never opened), opens http://localhost:PORT/demo/parcoursup in Chromium (widgets come
from 127.0.0.1, another origin, as in the demo), waits until the widgets visible on the
first screen have loaded and resized, and saves the first screen. Chromium is
/usr/bin/chromium unless CHROMIUM_PATH says otherwise.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs" / "img" / "parcoursup-mockup.png"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]


def serve(instance: Path):
    """The app on embedded defaults, on a free loopback port, in a thread."""
    # Read when bff is imported: keep the secret key file and the database out of the
    # checkout's instance/ folder, and drop settings a shell may have exported.
    os.environ["BFF_INSTANCE_DIR"] = str(instance)
    for name in list(os.environ):
        if name.startswith(("DATABASE_", "REDIS_", "APPRENTISSAGE_", "PUBLIC_URL", "BFF_ENV")):
            del os.environ[name]
    sys.path.insert(0, str(ROOT))
    from werkzeug.serving import make_server

    from bff import create_app

    app = create_app({"DATABASE_URL": f"sqlite:///{instance / 'demo.sqlite3'}"})
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    # Bound on every loopback name: the mock-up is read from localhost, the widgets
    # from 127.0.0.1 (the demo swaps the two to make the embedding cross-origin).
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="aw-screenshot-") as tmp:
        server = serve(Path(tmp))
        url = f"http://localhost:{server.server_port}/demo/parcoursup"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                    args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": args.width, "height": args.height},
                                        color_scheme="light")
                page.goto(url, wait_until="networkidle")
                # Lazy widgets on the first screen: wait until each has said it is ready
                # (embed.js marks its placeholder) and has taken its content's height.
                page.wait_for_function(
                    """() => {
                        const shown = [...document.querySelectorAll('[data-apprentissage-widget]')]
                            .filter(el => {
                                const r = el.getBoundingClientRect();
                                return r.top < window.innerHeight && r.bottom > 0;
                            });
                        return shown.length > 0
                            && shown.every(el => el.dataset.apprentissageState === 'ready');
                    }""", timeout=20_000)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(500)  # last resize message
                args.out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(args.out))
                browser.close()
        finally:
            server.shutdown()
    print(f"{args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out} "
          f"({args.width}x{args.height}, from {url})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
