"""CUSMA professionals (``cusma_professional``, R204(a): T36, T23 before 2022-12-15).

A US or Mexican citizen with pre-arranged employment in one of the 63 professions of Appendix 2 to
Annex 16-A of CUSMA, at the professional level, holding the profession's credential, and not
self-employed in Canada. The credential test reads each profession's alternatives from one dated
parameter (``cusma_professional.credentials``): an alternative is a set of parts (an education of
a class, in a related field, from where the treaty says; a licence; years of experience; a named
training), all of which must hold; any one alternative is enough.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..context import Context
from ..findings import NOT_APPLICABLE, Finding, Kind, Status, met, unknown, unmet
from ..inputs import Applicant, Education, EducationLevel
from ..labels import CountryName
from ..parameters import Param
from ..reference import countries as iso_countries
from ..reference import cusma_professions, teer_of
from ..texts import Text
from .base import Args, Change, NoArgs, StreamRule, Template
from .common import DURATION_READS, capped_duration

F_CITIZENSHIPS = "applicant.citizenships"
F_PROFESSION = "job_offer.cusma_profession"
F_EDUCATION = "applicant.education"
F_LICENCE = "applicant.holds_licence_for_offer_occupation"
F_DESTINATION_LICENCE = "applicant.holds_licence_in_destination_province"
F_EXPERIENCE = "applicant.years_experience_in_offer_occupation"
F_TRAINING = "applicant.completed_profession_specific_training"
F_NOC = "job_offer.noc_code"
NONE = "none"  # the contract's slug for "none of the listed professions"


def _profession(ctx: Context) -> str | None:
    job = ctx.request.job_offer
    return job.cusma_profession if job else None


def _title(slug: str) -> Text:
    """The profession's name, shown in the reader's language."""
    profession = cusma_professions()[slug]
    return Text(en=profession.title, fr=profession.title_in("fr"))


# --- citizenship, with the US territories CUSMA covers --------------------------------------------


# --- the profession -----------------------------------------------------------------------------------


class ListedProfession(Template[NoArgs]):
    """The job is one of the professions of Appendix 2 to Annex 16-A, a closed list that cannot be
    interpreted (officers allow other job titles where the duties are interchangeable)."""

    name = "cusma_professional.listed_profession"
    title = Text(en="Job in a profession listed in CUSMA", fr="Emploi dans une profession énumérée dans l'ACEUM")
    requirement = Text(
        en="The job is one of the professions listed in Appendix 2 to Annex 16-A of CUSMA, a closed list (another job "
           "title is accepted where the duties are the same).",
        fr="L'emploi relève de l'une des professions énumérées à l'appendice 2 de l'annexe 16-A de l'ACEUM, une liste "
           "exhaustive (un autre titre d'emploi est accepté lorsque les fonctions sont les mêmes).")
    messages = {
        "met": Text(en="The job is in a listed profession: {profession}.",
                    fr="L'emploi relève d'une profession énumérée : {profession}."),
        "unmet": Text(en="The job is none of the {count} professions CUSMA lists; the list is closed.",
                      fr="L'emploi ne relève d'aucune des {count} professions énumérées dans l'ACEUM; la liste est "
                         "exhaustive."),
        "unknown": Text(en="We do not know whether the job is one of the professions CUSMA lists.",
                        fr="Nous ne savons pas si l'emploi relève de l'une des professions énumérées dans l'ACEUM."),
    }
    reads = (F_PROFESSION,)

    def evaluate(self, ctx: Context, a: NoArgs) -> Finding:
        slug = _profession(ctx)
        if slug is None:
            return unknown((F_PROFESSION,))
        if slug == NONE:
            return unmet(count=len(cusma_professions()))
        return met(profession=_title(slug))


class TeersArgs(Args):
    teers: Param[list[int]]


class ProfessionalLevel(Template[TeersArgs]):
    """The professional provides professional-level services in the field of qualification: the
    occupation offered (its NOC 2021 unit group) is of TEER 0, 1, 2 or 3. Whether the duties are
    at the professional level is the officer's judgement; a lower TEER rules it out."""

    name = "cusma_professional.professional_level"
    kind = Kind.DISCRETIONARY
    title = Text(en="Professional-level work (an occupation of TEER 0 to 3)",
                 fr="Travail de niveau professionnel (une profession de FEER 0 à 3)")
    requirement = Text(
        en="The person will provide professional-level services in their field of qualification, in an occupation of "
           "TEER {teers} (NOC 2021).",
        fr="La personne fournira des services de niveau professionnel dans son domaine de qualification, dans une "
           "profession de la FEER {teers} (CNP 2021).")
    messages = {
        "met": Text(en="NOC {noc} is in TEER {teer}, a level at which a CUSMA professional may work; an officer checks "
                       "that the duties are those of the listed profession, at the professional level.",
                    fr="Le code CNP {noc} relève de la FEER {teer}, un niveau auquel un professionnel de l'ACEUM peut "
                       "travailler; un agent vérifie que les fonctions sont celles de la profession énumérée, au "
                       "niveau professionnel."),
        "unmet": Text(en="NOC {noc} is in TEER {teer}: a CUSMA professional works in an occupation of TEER {teers}, at "
                         "the professional level.",
                      fr="Le code CNP {noc} relève de la FEER {teer} : un professionnel de l'ACEUM travaille dans une "
                         "profession de la FEER {teers}, au niveau professionnel."),
        "unknown": Text(en="We do not know the NOC code of the job; a CUSMA professional works in an occupation of "
                           "TEER {teers}.",
                        fr="Nous ne connaissons pas le code CNP de l'emploi; un professionnel de l'ACEUM travaille "
                           "dans une profession de la FEER {teers}."),
    }
    reads = (F_NOC,)

    def evaluate(self, ctx: Context, a: TeersArgs) -> Finding:
        job = ctx.request.job_offer
        noc = job.noc_code if job else None
        if noc is None:
            return unknown((F_NOC,))
        teer = teer_of(noc)
        return (met if teer in ctx.p(a.teers) else unmet)(noc=noc, teer=teer)


# --- the credential -------------------------------------------------------------------------------


class CredentialAlternative(BaseModel):
    """One way to hold a profession's credential; every part it names must hold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: Text
    education: str | None = None  # a key of ``education_classes``
    field_related: bool = False  # in the profession's field or a closely related one
    cusma_origin: bool = False  # the treaty's post-secondary diploma or certificate (country and length)
    licenciatura: bool = False  # the degree is a Licenciatura
    also_holds: str | None = None  # another completed credential of this class (a librarian's B.L.S.)
    licence: bool = False  # a state, provincial or federal licence (or the designation named)
    destination_licence: bool = False  # a licence of the province or territory of destination
    experience_years: float | None = Field(default=None, ge=0)
    training: bool = False  # the training the profession names


class PostSecondary(BaseModel):
    """The treaty's post-secondary diploma (from an accredited institution in Canada or the United
    States) and certificate (from Mexico), each on completion of two or more years of study."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    diploma_countries: list[str]
    certificate_countries: list[str]
    minimum_years: float = Field(gt=0)

    @property
    def countries(self) -> frozenset[str]:
        return frozenset(self.diploma_countries) | frozenset(self.certificate_countries)

    @property
    def diploma_names(self) -> list[CountryName]:
        return [CountryName(c) for c in self.diploma_countries]

    @property
    def certificate_names(self) -> list[CountryName]:
        return [CountryName(c) for c in self.certificate_countries]


class LicenciaturaPresumption(BaseModel):
    """Whether a degree is a Licenciatura when the person does not say: presumed where that is the
    first degree's name, excluded where it is not; unknown elsewhere."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    presumed_in: list[str]
    not_in: list[str]


class CredentialTable(BaseModel):
    """Appendix 2's minimum credentials, profession by profession, with the treaty's definitions."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    education_classes: dict[str, list[EducationLevel]]
    post_secondary: PostSecondary
    licenciatura: LicenciaturaPresumption
    # the alternatives, once each (the YAML file names them with anchors and reuses them)
    alternatives: list[CredentialAlternative]
    professions: dict[str, list[CredentialAlternative]]
    notes: dict[str, Text] = Field(default_factory=dict)  # what IRCC adds for some professions

    @model_validator(mode="after")
    def _complete(self) -> CredentialTable:
        listed = set(cusma_professions())
        if set(self.professions) != listed:
            raise ValueError(f"professions without credentials: {sorted(listed - set(self.professions))}; "
                             f"unknown slugs: {sorted(set(self.professions) - listed)}")
        unknown_notes = sorted(set(self.notes) - listed)
        if unknown_notes:
            raise ValueError(f"notes for unknown professions: {unknown_notes}")
        codes = set(iso_countries())
        for code in (*self.post_secondary.countries, *self.licenciatura.presumed_in, *self.licenciatura.not_in):
            if code not in codes:
                raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 code")
        for slug, alternatives in self.professions.items():
            for alternative in alternatives:
                for name in (alternative.education, alternative.also_holds):
                    if name is not None and name not in self.education_classes:
                        raise ValueError(f"{slug}: unknown education class {name!r}")
                if not (alternative.education or alternative.licence or alternative.destination_licence
                        or alternative.experience_years or alternative.training):
                    raise ValueError(f"{slug}: an alternative must require something")
                if (alternative.cusma_origin or alternative.licenciatura or alternative.field_related
                        or alternative.also_holds) and not alternative.education:
                    raise ValueError(f"{slug}: an education condition without an education class")
        return self


class CredentialArgs(Args):
    credentials: Param[CredentialTable]


Tri = bool | None


@dataclass(frozen=True, slots=True)
class Part:
    """One part of an alternative: its status and the facts that would settle it."""

    name: str
    status: Status
    missing: tuple[str, ...] = ()


def _tri_status(value: Tri) -> Status:
    return Status.UNKNOWN if value is None else Status.MET if value else Status.UNMET


def _combined(parts: Iterable[Part]) -> tuple[Status, list[str]]:
    statuses = []
    missing: list[str] = []
    for part in parts:
        statuses.append(part.status)
        if part.status is Status.UNKNOWN:
            missing += part.missing
    if Status.UNMET in statuses:
        return Status.UNMET, []
    if Status.UNKNOWN in statuses:
        return Status.UNKNOWN, missing
    return Status.MET, []


def _is_licenciatura(item: Education, presumption: LicenciaturaPresumption) -> Tri:
    if item.licenciatura is not None:
        return item.licenciatura
    if item.country is None:
        return None
    if item.country in presumption.presumed_in:
        return True
    if item.country in presumption.not_in:
        return False
    return None


def _item_tests(item: Education, index: int, alt: CredentialAlternative,
                table: CredentialTable) -> list[tuple[Tri, str]]:
    """The tests one education entry must pass for the alternative, each with the field that
    settles it; a test the entry does not answer yet is None."""
    at = f"{F_EDUCATION}.{index}"
    levels = table.education_classes[alt.education or ""]
    tests: list[tuple[Tri, str]] = [
        (None if item.level is None else item.level in levels, f"{at}.level"),
        (item.completed, f"{at}.completed"),
    ]
    if alt.field_related:
        tests.append((item.related_to_offer, f"{at}.related_to_offer"))
    if alt.cusma_origin:
        rule = table.post_secondary
        tests.append((None if item.country is None else item.country in rule.countries, f"{at}.country"))
        tests.append((None if item.duration_years is None else item.duration_years >= rule.minimum_years,
                      f"{at}.duration_years"))
    if alt.licenciatura:
        # Where the country is unknown, the country is the question (it settles most cases).
        field = f"{at}.country" if item.country is None and item.licenciatura is None else f"{at}.licenciatura"
        tests.append((_is_licenciatura(item, table.licenciatura), field))
    return tests


def _other_credential(education: Sequence[Education], index: int, levels: Sequence[EducationLevel]) -> Part:
    """Another completed credential of the class, beside entry ``index``."""
    missing: list[str] = []
    for other, item in enumerate(education):
        if other == index:
            continue
        level = None if item.level is None else item.level in levels
        if level is False or item.completed is False:
            continue
        if level and item.completed:
            return Part("also_holds", Status.MET)
        missing += [f"{F_EDUCATION}.{other}.{name}" for name, value in
                    (("level", item.level), ("completed", item.completed)) if value is None]
    return Part("also_holds", Status.UNKNOWN, tuple(missing)) if missing else Part("also_holds", Status.UNMET)


def _education_part(applicant: Applicant | None, alt: CredentialAlternative, table: CredentialTable) -> Part:
    education = applicant.education if applicant else None
    if education is None:
        return Part("education", Status.UNKNOWN, (F_EDUCATION,))
    missing: list[str] = []
    for index, item in enumerate(education):
        tests = _item_tests(item, index, alt, table)
        if any(value is False for value, _ in tests):
            continue
        status = Status.MET if all(value is True for value, _ in tests) else Status.UNKNOWN
        item_missing = [field for value, field in tests if value is None]
        if alt.also_holds is not None:
            other = _other_credential(education, index, table.education_classes[alt.also_holds])
            if other.status is Status.UNMET:
                continue
            if other.status is Status.UNKNOWN:
                status = Status.UNKNOWN
                item_missing += other.missing
        if status is Status.MET:
            return Part("education", Status.MET)
        missing += item_missing
    return Part("education", Status.UNKNOWN, tuple(missing)) if missing else Part("education", Status.UNMET)


def _licence(applicant: Applicant | None) -> Tri:
    """A state, provincial or federal licence to practise the profession; one of the province of
    destination is one."""
    if applicant is None:
        return None
    if applicant.holds_licence_for_offer_occupation or applicant.holds_licence_in_destination_province:
        return True
    return applicant.holds_licence_for_offer_occupation


def _destination_licence(applicant: Applicant | None) -> Tri:
    """A licence of the province of destination; without any licence to practise, there is none."""
    if applicant is None:
        return None
    if applicant.holds_licence_in_destination_province is not None:
        return applicant.holds_licence_in_destination_province
    return False if applicant.holds_licence_for_offer_occupation is False else None


def _parts(applicant: Applicant | None, alt: CredentialAlternative, table: CredentialTable) -> list[Part]:
    parts: list[Part] = []
    if alt.education:
        parts.append(_education_part(applicant, alt, table))
    if alt.licence:
        parts.append(Part("licence", _tri_status(_licence(applicant)), (F_LICENCE,)))
    if alt.destination_licence:
        parts.append(Part("destination_licence", _tri_status(_destination_licence(applicant)),
                          (F_DESTINATION_LICENCE,)))
    if alt.experience_years is not None:
        years = applicant.years_experience_in_offer_occupation if applicant else None
        parts.append(Part("experience", _tri_status(None if years is None else years >= alt.experience_years),
                          (F_EXPERIENCE,)))
    if alt.training:
        training = applicant.completed_profession_specific_training if applicant else None
        parts.append(Part("training", _tri_status(training), (F_TRAINING,)))
    return parts


_NO_NOTE = ""


class Credentials(Template[CredentialArgs]):
    """The profession's minimum credential (Appendix 2, in a related field), any one alternative:
    a baccalaureate or Licenciatura degree (from any country); a post-secondary diploma (Canada or
    the United States) or certificate (Mexico) after at least two years of study, with the
    experience named; a licence; or the profession's own alternatives. A registered nurse needs a
    licence issued by the province of destination."""

    name = "cusma_professional.credentials"
    title = Text(en="The profession's minimum credential", fr="Le titre de compétence minimal de la profession")
    requirement = Text(
        en="The education, licence or experience CUSMA sets for the profession, in a related field. A baccalaureate or "
           "Licenciatura degree may come from any country; a post-secondary diploma must come from "
           "{credentials.post_secondary.diploma_names} and a post-secondary certificate from "
           "{credentials.post_secondary.certificate_names}, each after at least "
           "{credentials.post_secondary.minimum_years} years of post-secondary study. For a regulated profession, an "
           "officer must also be satisfied that the person has or can obtain the licence of the province or territory "
           "of destination.",
        fr="La formation, le permis d'exercice ou l'expérience que l'ACEUM fixe pour la profession, dans un domaine "
           "connexe. Un baccalauréat ou une licenciatura peut provenir de n'importe quel pays; un diplôme d'études "
           "postsecondaires doit provenir de l'un de ces pays : {credentials.post_secondary.diploma_names}, et un "
           "certificat d'études postsecondaires de l'un de ces pays : {credentials.post_secondary.certificate_names}, "
           "chacun après au moins {credentials.post_secondary.minimum_years} ans d'études postsecondaires. Pour une "
           "profession réglementée, l'agent doit aussi être convaincu que la personne détient ou peut obtenir le "
           "permis de la province ou du territoire de destination.")
    messages = {
        "met": Text(en="For {profession}, the person holds {credential}.{note}",
                    fr="Pour la profession {profession}, la personne détient {credential}.{note}"),
        "unmet": Text(en="For {profession}, CUSMA requires one of: {options}; the facts given show none of them.{note}",
                      fr="Pour la profession {profession}, l'ACEUM exige l'un des titres suivants : {options}; les "
                         "faits déclarés n'en montrent aucun.{note}"),
        "unknown": Text(en="For {profession}, CUSMA requires one of: {options}; some facts needed to tell are "
                           "missing.{note}",
                        fr="Pour la profession {profession}, l'ACEUM exige l'un des titres suivants : {options}; il "
                           "manque des faits pour le dire.{note}"),
        "unknown_profession": Text(en="We cannot check the credential until we know the profession.",
                                   fr="Nous ne pouvons pas vérifier le titre de compétence tant que la profession "
                                      "n'est pas connue."),
        "change.experience": Text(
            en="At least {years} years of experience in the occupation would complete this credential: {credential}.",
            fr="Au moins {years} ans d'expérience dans la profession compléteraient ce titre de compétence : "
               "{credential}."),
    }
    reads = (F_PROFESSION, F_EDUCATION, f"{F_EDUCATION}.level", f"{F_EDUCATION}.completed",
             f"{F_EDUCATION}.related_to_offer", f"{F_EDUCATION}.country", f"{F_EDUCATION}.duration_years",
             f"{F_EDUCATION}.licenciatura", F_LICENCE, F_DESTINATION_LICENCE, F_EXPERIENCE, F_TRAINING)

    def evaluate(self, ctx: Context, a: CredentialArgs) -> Finding:
        slug = _profession(ctx)
        if slug is None:
            return unknown((F_PROFESSION,), "unknown_profession")
        if slug == NONE:
            return NOT_APPLICABLE  # no listed profession, so no credential to test
        table = ctx.p(a.credentials)
        alternatives = table.professions[slug]
        applicant = ctx.request.applicant
        shown = {"profession": _title(slug), "options": [alt.label for alt in alternatives],
                 "note": table.notes.get(slug, _NO_NOTE)}
        missing: list[str] = []
        for alternative in alternatives:
            status, fields = _combined(_parts(applicant, alternative, table))
            if status is Status.MET:
                return met(credential=alternative.label, **shown)
            if status is Status.UNKNOWN:
                missing += fields
        if missing:
            return unknown(missing, **shown)
        return unmet(**shown)

    def changes(self, ctx: Context, a: CredentialArgs, finding: Finding) -> Iterable[Change]:
        """Where experience is all an alternative lacks: the years it names."""
        slug = _profession(ctx)
        if slug is None or slug == NONE:
            return ()
        table = ctx.p(a.credentials)
        applicant = ctx.request.applicant
        best: CredentialAlternative | None = None
        for alternative in table.professions[slug]:
            parts = _parts(applicant, alternative, table)
            lacking = [p for p in parts if p.status is not Status.MET]
            if len(lacking) == 1 and lacking[0].name == "experience" and lacking[0].status is Status.UNMET:
                years = alternative.experience_years or 0.0
                if best is None or years < (best.experience_years or 0.0):
                    best = alternative
        if best is None:
            return ()
        return (Change(F_EXPERIENCE, "experience", {"years": best.experience_years, "credential": best.label}),)



# --- the longest permit -----------------------------------------------------------------------------


class DurationArgs(Args):
    months: Param[int]
    passport_exempt: Param[list[str]]
    territories: Param[dict[str, str]]


class CusmaDuration(StreamRule[DurationArgs, int | None]):
    """Up to the stream's maximum, the job's length and the passport's validity (R52), the
    passport not capping citizens of the exempt countries, those of a covered territory (Puerto
    Rico: US citizens) included."""

    name = "cusma.capped_duration"
    reads = DURATION_READS

    def compute(self, ctx: Context, a: DurationArgs, findings: Mapping[str, Finding]) -> int | None:
        exempt = ctx.p(a.passport_exempt)
        territories = ctx.p(a.territories)
        exempt_here = [*exempt, *(code for code, country in territories.items() if country in exempt)]
        return capped_duration(ctx, ctx.p(a.months), exempt_here)
