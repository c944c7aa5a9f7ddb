"""What a shared service builder needs to know about the site it is building for."""
from __future__ import annotations

from typing import Any, Iterable

from .builders import Pair, Text, pair, review_date, site_complaint


def agency(slug: str, kind: str, name: Pair, short: Pair | None, *, address: str, phone: str,
           hours: Pair, website: str | None = None, channel: Pair | None = None) -> dict[str, Any]:
    """An agency record. `channel` is the agency's own complaint channel (kept aside)."""
    record: dict[str, Any] = {"slug": slug, "name": name[0], "kind": kind}
    english = {"name": name[1], "head_office_hours": hours[1]}
    if short is not None:
        record["short_name"] = short[0]
        if short[1] != short[0]:
            english["short_name"] = short[1]
    record.update({"head_office_address": address, "head_office_phone": phone,
                   "head_office_hours": hours[0]})
    if website:
        record["website"] = website
    record["translations"] = {"en": english}
    record["_channel"] = channel
    return record


def counter(label: str, agency_slug: str, floor: int, location: Pair,
            schedule: list[dict[str, Any]], role: str | None = None) -> dict[str, Any]:
    floor_text = pair(f"Lantai {floor}")
    return {"label": label, "agency": agency_slug, "floor": floor_text[0],
            "location": location[0], "schedule": schedule,
            "translations": {"en": {"floor": floor_text[1], "location": location[1]}},
            "_role": role}


class SiteContext:
    """A site being built: its agencies and counters, and the details services refer to."""

    def __init__(self, *, slug: str, place: str, mpp_name: Pair, agencies: list[dict[str, Any]],
                 counters: list[dict[str, Any]], details: dict[str, Any]):
        self.slug = slug
        self.place = place              # "Maros", "Ngawi"
        self.mpp_name = mpp_name        # ("MPP Maros", "Maros MPP")
        self.agencies = {a["slug"]: a for a in agencies}
        self.counters = counters
        self.details = details          # site specifics the shared services use
        self.services: list[dict[str, Any]] = []

    # --- lookups -------------------------------------------------------------------------
    def __getitem__(self, key: str) -> Any:
        return self.details[key]

    def short(self, agency_slug: str) -> Pair:
        record = self.agencies[agency_slug]
        short = record.get("short_name") or record["name"]
        return short, record["translations"]["en"].get("short_name", short)

    def officer(self, agency_slug: str) -> Pair:
        short_id, short_en = self.short(agency_slug)
        return f"Petugas {short_id}", f"{short_en} officer"

    def office(self, agency_slug: str) -> str:
        record = self.agencies[agency_slug]
        return f"{record['name']}, {record['head_office_address']}"

    def counter_labels(self, agency_slug: str, role: str | None = None) -> list[str]:
        mine = [c for c in self.counters if c["agency"] == agency_slug]
        if role is not None:
            chosen = [c for c in mine if c["_role"] == role]
            mine = chosen or mine
        if not mine:
            raise KeyError(f"{self.slug}: no counter for {agency_slug}")
        return [c["label"] for c in mine]

    def gerai(self, agency_slug: str, role: str | None = None) -> Pair:
        """Where the agency's (first) counter is, as a step location."""
        label = self.counter_labels(agency_slug, role)[0]
        record = next(c for c in self.counters if c["label"] == label)
        floor_en = record["translations"]["en"]["floor"]
        return (f"{label} ({self.short(agency_slug)[0]}), {record['floor']}",
                f"{label.replace('Gerai', 'Counter')} ({self.short(agency_slug)[1]}), {floor_en}")

    def complaint(self, agency_slug: str) -> Pair:
        base_id, base_en = site_complaint(self.mpp_name)
        channel = self.agencies[agency_slug].get("_channel")
        if channel is None:
            return base_id, base_en
        return f"{base_id}; {channel[0]}", f"{base_en}; {channel[1]}"

    # --- services --------------------------------------------------------------------------
    def service(self, *, slug: str, agency: str, name: Text, summary: Text,
                requirements: list[dict[str, Any]], steps: list[dict[str, Any]],
                processing_time: Text, fee: dict[str, Any], product: Text, legal_basis: str,
                queue_prefix: str, availability: str = "full",
                elsewhere: tuple[Text, str] | None = None,
                online: tuple[str | None, Text] | None = None,
                life_events: Iterable[str] = (), keywords: Iterable[str] = (),
                daily_quota: int | None = None, role: str | None = None,
                counters: list[str] | None = None) -> dict[str, Any]:
        """Build one service record and add it to this site."""
        if agency not in self.agencies:
            raise KeyError(f"{self.slug}: service {slug} names unknown agency {agency}")
        fee = dict(fee)
        fee_note_en = fee.pop("_note_en", None)
        name_p, summary_p = pair(name), pair(summary)
        time_p, product_p = pair(processing_time), pair(product)
        complaint_p = self.complaint(agency)
        english = {"name": name_p[1], "summary": summary_p[1], "processing_time": time_p[1],
                   "product": product_p[1], "complaint_channel": complaint_p[1]}
        record: dict[str, Any] = {
            "slug": slug,
            "name": name_p[0],
            "agency": agency,
            "summary": summary_p[0],
            "counters": list(counters) if counters else self.counter_labels(agency, role),
            "requirements": requirements,
            "steps": steps,
            "processing_time": time_p[0],
            "fee": fee,
            "product": product_p[0],
            "complaint_channel": complaint_p[0],
            "legal_basis": legal_basis,
            "availability": availability,
        }
        if fee_note_en:
            english["fee_note"] = fee_note_en
        if elsewhere is not None:
            note, address = elsewhere
            note_p = pair(note)
            record["elsewhere"] = {"note": note_p[0], "address": address}
            english["elsewhere_note"] = note_p[1]
        if online is not None:
            url, note = online
            note_p = pair(note)
            record["online"] = {"url": url or "", "note": note_p[0]}
            english["online_note"] = note_p[1]
        record["life_events"] = list(life_events)
        record["keywords"] = list(keywords)
        record["last_reviewed"] = review_date(self.slug, slug)
        record["daily_quota"] = daily_quota
        record["queue_prefix"] = queue_prefix
        record["translations"] = {"en": english}
        self.services.append(record)
        return record

    def outside(self, *, slug: str, agency: str, name: Text, summary: Text, place: Text,
                note: Text, requirements: list[dict[str, Any]], processing_time: Text,
                fee: dict[str, Any], product: Text, complaint: Text, legal_basis: str = "",
                address: str = "", steps: list[dict[str, Any]] | None = None,
                life_events: Iterable[str] = (), keywords: Iterable[str] = ()) -> dict[str, Any]:
        """An entry for a need the MPP does not handle: where to go and what to bring there.

        `agency` is the MPP agency whose officers can explain it; it has no counter, no queue.
        """
        if agency not in self.agencies:
            raise KeyError(f"{self.slug}: entry {slug} names unknown agency {agency}")
        fee = dict(fee)
        fee_note_en = fee.pop("_note_en", None)
        texts = {"name": pair(name), "summary": pair(summary), "processing_time":
                 pair(processing_time), "product": pair(product),
                 "complaint_channel": pair(complaint), "elsewhere_note": pair(note),
                 "elsewhere_place": pair(place)}
        english = {key: value[1] for key, value in texts.items()}
        if fee_note_en:
            english["fee_note"] = fee_note_en
        record: dict[str, Any] = {
            "slug": slug, "name": texts["name"][0], "agency": agency,
            "summary": texts["summary"][0], "counters": [],
            "requirements": requirements, "steps": list(steps or []),
            "processing_time": texts["processing_time"][0], "fee": fee,
            "product": texts["product"][0], "complaint_channel": texts["complaint_channel"][0],
            "legal_basis": legal_basis, "availability": "outside",
            "elsewhere": {"place": texts["elsewhere_place"][0],
                          "note": texts["elsewhere_note"][0], "address": address},
            "life_events": list(life_events), "keywords": list(keywords),
            "last_reviewed": review_date(self.slug, slug), "daily_quota": None,
            "translations": {"en": english},
        }
        self.services.append(record)
        return record

    # --- output ----------------------------------------------------------------------------
    def agencies_out(self) -> list[dict[str, Any]]:
        return [{k: v for k, v in a.items() if not k.startswith("_")}
                for a in self.agencies.values()]

    def counters_out(self) -> list[dict[str, Any]]:
        return [{k: v for k, v in c.items() if not k.startswith("_")} for c in self.counters]
