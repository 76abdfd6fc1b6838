"""Sanity benchmark of the harness itself: the trivial route against a static file."""
from bench.harness import Server, compare, machine_description

if __name__ == "__main__":
    with Server() as server:
        server.warm("/api/v1/ping", "/static/js/embed.js")
        result = compare(server, "/api/v1/ping", "/static/js/embed.js", duration=3, rounds=2)
        print(machine_description())
        print("ping:", result.baseline.row())
        print("embed.js:", result.target.row(), f"ratio {result.throughput_ratio:.2f}")
