"""Contact persons of a project from its contact block: names, job titles, e-mail addresses
(whole, obfuscated or cut short) and phone numbers (as E.164, with the phonenumbers
library), in English, Finnish and Swedish. What a rule sees but cannot read is a warning."""

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from pipelines.projects.links import Link, infer_url, link_text
from pipelines.projects.markers import (
    EMAIL_LABEL_RE,
)
from pipelines.projects.page_layout import (
    ADDRESS_RE,
    EMAIL_RE,
    MARKER_RE,
    PHONE_LABEL_RE,
    has_phone,
    is_bullet,
    unbullet,
)
from pipelines.projects.page_text import words_of


@dataclass(frozen=True)
class Contact:
    name: str | None
    job_title: str | None
    email: str | None
    phone_e164: str | None


_TITLE_WORDS = words_of(
    "manager director specialist consultant coordinator officer head chief advisor "
    "adviser expert researcher planner analyst designer lead architect secretary "
    "assistant engineer developer producer owner president professor"
)
_TITLE_SUFFIXES = ("päällikkö", "johtaja", "asiantuntija", "suunnittelija", "koordinaattori")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _is_title_word(word: str) -> bool:
    w = word.strip(",()").lower()
    return w in _TITLE_WORDS or w.endswith(_TITLE_SUFFIXES)


def _name_like(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 4 and all(
        w[0].isupper() and not any(c.isdigit() for c in w) and not _is_title_word(w) for w in words
    )


def _tidy(text: str) -> str:
    text = re.sub(r"\s+,", ",", " ".join(text.split()))
    return re.sub(r"(?:,\s*){2,}", ", ", text).strip(" ,;:-")


def _split_name_title(text: str, email: str | None) -> tuple[str | None, str | None]:
    text = _tidy(text)
    if not text:
        return None, None
    # The e-mail local part spells the name: piia.wollsten -> "Piia Wollsten".
    if email:
        tokens = [t for t in re.split(r"[._]", email.split("@")[0].lower()) if t]
        words = text.split()
        hits = [i for i, w in enumerate(words) if _fold(w.strip(",()")) in tokens]
        if len(hits) >= 2 or (len(hits) == 1 and len(tokens) == 1):
            name = " ".join(words[i].strip(",") for i in hits)
            rest = " ".join(w for i, w in enumerate(words) if i not in hits)
            return name, _tidy(rest) or None
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) > 1:
        for i, part in enumerate(parts):
            if _name_like(part):
                return part, ", ".join(parts[:i] + parts[i + 1 :]) or None
    words = text.split()
    title_idx = [i for i, w in enumerate(words) if _is_title_word(w)]
    if title_idx:
        after = " ".join(words[title_idx[-1] + 1 :])
        if _name_like(after):
            # Job title first: "Development Manager Piia Wollsten".
            return after, " ".join(words[: title_idx[-1] + 1])
        if title_idx[0] >= 2 and _name_like(" ".join(words[:2])):
            # Name first: "Piia Wollsten Development Manager" (two-word names assumed).
            return " ".join(words[:2]), " ".join(words[2:])
        if title_idx[0] < len(words) - 2 and _name_like(" ".join(words[-2:])):
            # "Head of Unit Maija Meikäläinen": the last two words.
            return " ".join(words[-2:]), " ".join(words[:-2])
    if _name_like(text):
        return text, None
    return None, text


def _name_from_address(local: str) -> str | None:
    """"hanna-maria.urjankangas" -> "Hanna-Maria Urjankangas" (first.last addresses only)."""
    parts = [p for p in re.split(r"[._]", local) if p]
    if len(parts) < 2 or any(not p.replace("-", "").isalpha() for p in parts):
        return None
    return " ".join("-".join(w.capitalize() for w in p.split("-")) for p in parts)


def _take_address(text: str) -> tuple[str | None, str | None, str, list[str]]:
    """(e-mail, local part, text without it, warnings): a whole address is validated; an
    obfuscated one ("name(at)espoo.fi") is read back; one cut short ("name(at)",
    "name@espoo") is no address, but a warning that keeps what it shows."""
    m = EMAIL_RE.search(text)
    if m:
        rest = text[: m.start()] + " " + text[m.end() :]
        local = m.group(0).split("@")[0]
        try:
            return validate_email(m.group(0), check_deliverability=False).normalized, local, \
                rest, []
        except EmailNotValidError as exc:
            return None, local, rest, [f"contacts: invalid e-mail {m.group(0)!r} ({exc})"]
    m = ADDRESS_RE.search(text)
    if m is None:
        if EMAIL_LABEL_RE.search(text) and not re.search(r"\w", EMAIL_LABEL_RE.split(text)[-1]):
            return None, None, EMAIL_LABEL_RE.sub(" ", text), [
                f"contacts: an e-mail label without an address in {text.strip()!r}"]
        return None, None, text, []
    rest = text[: m.start()] + " " + text[m.end() :]
    written, local, domain = m.group(0).strip(), m["local"], m["domain"]
    if domain and "." in domain and m["at"] != "@":
        address = f"{local}@{domain}"
        try:
            email = validate_email(address, check_deliverability=False).normalized
        except EmailNotValidError as exc:
            return None, local, rest, [f"contacts: invalid e-mail {written!r} ({exc})"]
        return email, local, rest, [
            f"contacts: obfuscated address {written!r} read as {email}"]
    return None, local, rest, [
        f"contacts: e-mail address cut short on the page: {written!r}; the person is kept "
        "without an address"]


def _parse_person(text: str) -> tuple[Contact, list[str]]:
    email, local, text, warnings = _take_address(text)
    text = EMAIL_LABEL_RE.sub(" ", text)
    phone, text, phone_warnings = _take_phone(text)
    warnings += phone_warnings
    name, job_title = _split_name_title(text, email or (f"{local}@x" if local else None))
    if name is None and local and _name_from_address(local):
        name = _name_from_address(local)
        warnings.append(f"contacts: name {name!r} read from the address {local!r}")
    if name is None:
        warnings.append(f"contacts: could not find a person's name in {text.strip()!r}")
    return Contact(name, job_title, email, phone), warnings


def _take_phone(text: str) -> tuple[str | None, str, list[str]]:
    """Find a phone number (region FI), return it as E.164 and the text without it."""
    for match in phonenumbers.PhoneNumberMatcher(text, "FI"):
        e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        rest = text[: match.start] + " " + text[match.end :]
        return e164, PHONE_LABEL_RE.sub(" ", rest), []
    bad = re.search(
        PHONE_LABEL_RE.pattern + r"\s*[+\d][\d\s()/-]*\d|" + PHONE_LABEL_RE.pattern, text, re.I
    )
    if bad:
        # Keep the unreadable number out of the job title, and say so.
        rest = text[: bad.start()] + " " + text[bad.end() :]
        return None, rest, [f"contacts: could not read phone number {bad.group(0).strip()!r}"]
    return None, text, []


def parse_contact_block(
    lines: list[str], urls: Mapping[str, str]
) -> tuple[list[Contact], list[Link], list[str]]:
    """Bulleted lines are one record each; unbulleted lines gather until an e-mail."""
    contacts: list[Contact] = []
    links: list[Link] = []
    warnings: list[str] = []
    pending: list[str] = []

    def flush_pending() -> None:
        if not pending:
            return
        joined = ", ".join(pending)
        if _name_like(pending[0]) or any(_is_title_word(w) for w in joined.split()):
            contact, extra = _parse_person(joined)
            contacts.append(contact)
            warnings.extend(extra)
            warnings.append(f"contacts: no e-mail address for {joined!r}")
        else:
            warnings.append(f"contacts: could not parse contact line {joined!r}")
        pending.clear()

    for line in lines:
        body = unbullet(line)
        if MARKER_RE.search(body):
            flush_pending()
            title = link_text(body)
            links.append(Link(title, urls.get(title) or infer_url(title)))
            continue
        has_email = bool(ADDRESS_RE.search(body))
        if is_bullet(line):
            flush_pending()
            if has_email or has_phone(body):
                contact, extra = _parse_person(body)
                contacts.append(contact)
                warnings.extend(extra)
            elif any(_is_title_word(w) for w in body.split()):
                # A person without an e-mail; a capitalised link text alone is not one.
                contact, extra = _parse_person(body)
                contacts.append(contact)
                warnings.extend(extra)
                warnings.append(f"contacts: no e-mail address for {body!r}")
            else:
                # An internal link (the text form drops its URL): "- Digital Agenda".
                links.append(Link(body, urls.get(body) or infer_url(body)))
            continue
        if has_email:
            contact, extra = _parse_person(", ".join([*pending, body]))
            pending.clear()
            contacts.append(contact)
            warnings.extend(extra)
            continue
        phone, rest, extra = _take_phone(body)
        if phone and not _tidy(rest) and not pending and contacts:
            # "tel +358 ..." on its own line belongs to the person above it.
            last = contacts[-1]
            if last.phone_e164 is None:
                contacts[-1] = Contact(last.name, last.job_title, last.email, phone)
            else:
                warnings.append(f"contacts: second phone number {body!r} for {last.name}")
            continue
        pending.append(body)  # read again, phone and all, when the block's person closes
    flush_pending()
    return contacts, links, warnings
