"""A fake API Apprentissage for the wish summary: the offer search tests' fake
(tests/offers/offers_fakes.py) plus a mode that hangs until released and a mode that
answers a capped search (150 offers from one source, 150 recruiters)."""
from __future__ import annotations

import copy
import threading

from offers.offers_fakes import FAST_UPSTREAM, SEARCH_200, FakeApprentissage, make_app  # noqa: F401

CAP = 150


def capped_payload(jobs: int = CAP, recruiters: int = CAP, other_jobs: int = 3) -> dict:
    """``jobs`` La bonne alternance offers, ``other_jobs`` France Travail ones and
    ``recruiters`` companies, all near Paris, all valid."""
    lba = next(j for j in SEARCH_200["jobs"] if j["identifier"]["partner_label"] == "offres_emploi_lba")
    ft = next(j for j in SEARCH_200["jobs"] if j["identifier"]["partner_label"] == "France Travail")
    company = SEARCH_200["recruiters"][0]
    payload = {"jobs": [], "recruiters": [], "warnings": []}
    for n, (template, count) in enumerate(((lba, jobs), (ft, other_jobs))):
        for i in range(count):
            item = copy.deepcopy(template)
            item["identifier"]["id"] = f"job-{n}-{i}"
            payload["jobs"].append(item)
    for i in range(recruiters):
        item = copy.deepcopy(company)
        item["identifier"]["id"] = f"company-{i}"
        payload["recruiters"].append(item)
    return payload


class SummaryUpstream(FakeApprentissage):
    """Extra modes: ``hang`` (each call blocks until ``release()``, at most 30 s) and
    ``payload`` (answers ``self.payload``)."""

    def __init__(self):
        self._flight = threading.Lock()     # before the base's reset() uses it
        self.in_flight = 0
        super().__init__()

    def reset(self, mode="ok", **settings):
        self.released = threading.Event()
        with self._flight:
            self.in_flight = 0
        super().reset(mode, **settings)

    def release(self):
        self.released.set()

    def handle(self, request):
        if self.mode == "hang":
            self.record({"path": request.path, "params": {}, "authorization": None})
            with self._flight:
                self.in_flight += 1
            try:
                self.released.wait(30)
            finally:
                with self._flight:
                    self.in_flight -= 1
            return self.send(request, 200, SEARCH_200)
        if self.mode == "payload":
            self.record({"path": request.path, "params": {}, "authorization": None})
            return self.send(request, 200, self.payload)
        return super().handle(request)
