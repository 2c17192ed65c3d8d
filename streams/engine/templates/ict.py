"""Intra-company transferees: R205(a) (``ict``: C61, C62, C63) and CUSMA (``cusma_ict``: T37, T38).

The two streams share most tests; the stream files say which each uses, with which parameters,
from which date. R205(a) adds, since 2024-10-03, a foreign enterprise of an existing multinational,
physical premises, and a TEER 0 or 1 position for executives and managers; for specialized knowledge
a wage at or above the prevailing wage. CUSMA adds US or Mexican citizenship and an employer in the
US or Mexico, and weighs a new office's premises, staff and funds rather than testing them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from ..context import Context
from ..findings import NOT_APPLICABLE, Finding, Kind, met, unknown, unmet
from ..inputs import IntraCompany, PositionCategory, ScreeningRequest
from ..labels import CountryName
from ..parameters import Param
from ..reference import teer_of
from ..texts import Text
from ..timeline import add_months, whole_months_between
from .base import Args, Change, NoArgs, StreamRule, Template, guarded, yes_no
from .common import (
    DURATION_READS,
    F_INITIAL_DATE,
    CountriesArgs,
    capped_duration,
    hourly_wage,
    wage_change,
    wage_fields,
)

IC = "job_offer.intra_company"
F_RELATIONSHIP = f"{IC}.relationship"
F_NEW_OFFICE = f"{IC}.new_office"
F_CATEGORY = f"{IC}.position_category"
F_PREMISES = f"{IC}.physical_premises_secured"
F_SK = "applicant.specialized_knowledge"
F_NOC = "job_offer.noc_code"
SK = PositionCategory.SPECIALIZED_KNOWLEDGE
MANAGERIAL = frozenset({PositionCategory.EXECUTIVE, PositionCategory.SENIOR_MANAGER,
                        PositionCategory.FUNCTIONAL_MANAGER})


def _ic(request: ScreeningRequest) -> IntraCompany | None:
    return request.job_offer.intra_company if request.job_offer else None


def _category(request: ScreeningRequest) -> PositionCategory | None:
    ic = _ic(request)
    return ic.position_category if ic else None


def _new_office(request: ScreeningRequest) -> bool | None:
    ic = _ic(request)
    return ic.new_office if ic else None


# --- the enterprises ---------------------------------------------------------------------------------


class RelationshipArgs(Args):
    relationships: Param[list[str]]


class QualifyingRelationship(Template[RelationshipArgs]):
    """The Canadian employer is the parent, subsidiary, branch or affiliate of the foreign employer
    (contracts, licences, franchises and supplier or client links do not qualify)."""

    name = "ict.qualifying_relationship"
    title = Text(en="Qualifying relationship between the Canadian and foreign employers",
                 fr="Lien admissible entre l'employeur canadien et l'employeur étranger")
    requirement = Text(
        en="The Canadian employer is the {relationships} of the foreign employer.",
        fr="L'employeur canadien est : {relationships} de l'employeur étranger.")
    messages = {
        "met": Text(en="The Canadian employer is a {relationship} of the foreign employer, a qualifying relationship.",
                    fr="L'employeur canadien est une {relationship} de l'employeur étranger, ce qui constitue un lien "
                       "admissible."),
        "unmet": Text(
            en="The link between the employers ({relationship}) does not qualify: only a parent, subsidiary, branch or "
               "affiliate relationship does (contracts, licences and franchises do not).",
            fr="Le lien entre les employeurs est « {relationship} »; seul un lien de société mère, filiale, succursale "
               "ou société affiliée est admissible (les contrats, licences et franchises ne le sont pas)."),
        "unknown": Text(en="We do not know how the Canadian employer is related to the foreign employer.",
                        fr="Nous ne savons pas quel lien unit l'employeur canadien à l'employeur étranger."),
    }
    reads = (F_RELATIONSHIP,)

    def evaluate(self, ctx: Context, a: RelationshipArgs) -> Finding:
        ic = _ic(ctx.request)
        relationship = ic.relationship if ic else None
        if relationship is None:
            return unknown((F_RELATIONSHIP,))
        if relationship in ctx.p(a.relationships):
            return met(relationship=relationship)
        return unmet(relationship=relationship)


class DoingBusiness(Template[NoArgs]):
    """The Canadian enterprise regularly, systematically and continuously provides goods or services
    (a new office is tested on its premises, staff and funds instead)."""

    name = "ict.doing_business"
    title = Text(en="Canadian enterprise doing business", fr="Entreprise canadienne en activité")
    requirement = Text(
        en="The Canadian enterprise regularly, systematically and continuously provides goods or services (a new "
           "office is tested on its premises, staffing plan and funds instead).",
        fr="L'entreprise canadienne fournit des biens ou des services de façon régulière, systématique et continue (un "
           "nouveau bureau est évalué plutôt sur ses locaux, son plan de dotation et ses fonds).")
    messages = {
        "met": Text(en="The Canadian enterprise is doing business.", fr="L'entreprise canadienne est en activité."),
        "unmet": Text(en="The Canadian enterprise is not doing business and this is not a new office; a shell or a "
                         "mere "
                         "agent does not qualify.",
                      fr="L'entreprise canadienne n'est pas en activité et il ne s'agit pas d'un nouveau bureau; une "
                         "société fictive ou un simple agent n'est pas admissible."),
        "unknown": Text(en="We do not know whether the Canadian enterprise is doing business, or whether this is a new "
                           "office.",
                        fr="Nous ne savons pas si l'entreprise canadienne est en activité, ni s'il s'agit d'un nouveau "
                           "bureau."),
    }
    reads = (f"{IC}.canadian_entity_doing_business", F_NEW_OFFICE)

    def evaluate(self, ctx: Context, a: NoArgs) -> Finding:
        ic = _ic(ctx.request)
        new_office = ic.new_office if ic else None
        if new_office is True:
            return NOT_APPLICABLE
        doing = ic.canadian_entity_doing_business if ic else None
        if doing is True:
            return met()
        if doing is None:
            return unknown((f"{IC}.canadian_entity_doing_business",))
        if new_office is None:
            return unknown((F_NEW_OFFICE,))  # not yet doing business is fine for a new office
        return unmet()


class Multinational(Template[NoArgs]):
    """The foreign enterprise belongs to an existing multinational: it has revenue-generating
    operations in at least one country other than its home country. An established Canadian
    operation that does business counts as that other country; a company cannot use the transfer to
    open its first operation abroad."""

    name = "ict.multinational"
    title = Text(en="Foreign employer is an existing "
                    "multinational", fr="L'employeur étranger est déjà une multinationale")
    requirement = Text(
        en="The foreign enterprise already earns revenue in at least one country other than its home country (an "
           "established Canadian operation counts); a company cannot use the transfer to open its first foreign "
           "operation.",
        fr="L'entreprise étrangère tire déjà des revenus d'au moins un pays autre que son pays d'origine (une activité "
           "canadienne établie compte); une société ne peut pas se servir de la mutation pour ouvrir sa première "
           "activité à l'étranger.")
    messages = {
        "met": Text(en="The foreign employer already operates as a multinational, as required since {since:long}.",
                    fr="L'employeur étranger exerce déjà ses activités comme multinationale, comme l'exige la règle en "
                       "vigueur depuis le {since:long}."),
        "met_canada": Text(
            en="The Canadian enterprise is established and doing business, so the group already operates in a country "
               "other than the foreign employer's own, as required since {since:long}.",
            fr="L'entreprise canadienne est établie et en activité : le groupe exerce donc déjà ses activités dans un "
               "pays autre que celui de l'employeur étranger, comme l'exige la règle en vigueur depuis le "
               "{since:long}."),
        "unmet": Text(
            en="Since {since:long} a transfer under R205(a) must come from an existing multinational; the foreign "
               "employer earns no revenue outside its home country.",
            fr="Depuis le {since:long}, une mutation au titre de R205a) doit provenir d'une multinationale existante; "
               "l'employeur étranger ne tire aucun revenu hors de son pays d'origine."),
        "unknown": Text(
            en="We do not know whether the foreign employer already earns revenue outside its home country (required "
               "since {since:long}).",
            fr="Nous ne savons pas si l'employeur étranger tire déjà des revenus hors de son pays d'origine (exigé "
               "depuis le {since:long})."),
    }
    reads = (f"{IC}.foreign_employer_multinational", F_NEW_OFFICE, f"{IC}.canadian_entity_doing_business")

    def evaluate(self, ctx: Context, a: NoArgs) -> Finding:
        ic = _ic(ctx.request)
        multinational = ic.foreign_employer_multinational if ic else None
        if multinational is True:
            return met()
        established = ic is not None and ic.new_office is False and ic.canadian_entity_doing_business is True
        if established:
            return met("met_canada")
        if multinational is None:
            return unknown((f"{IC}.foreign_employer_multinational",))
        if ic is not None and (ic.new_office is True or ic.canadian_entity_doing_business is False):
            return unmet()
        return unknown([f for f, v in ((F_NEW_OFFICE, ic.new_office if ic else None),
                                       (f"{IC}.canadian_entity_doing_business",
                                        ic.canadian_entity_doing_business if ic else None)) if v is None])


class ForeignEmployerCountry(Template[CountriesArgs]):
    """The related foreign employer is in one of the listed countries."""

    name = "cusma_ict.foreign_employer_country"
    title = Text(en="Employed by an enterprise in the United States or Mexico",
                 fr="Employé par une entreprise aux États-Unis ou au Mexique")
    requirement = Text(en="The related foreign employer is in {countries:countries}.",
                       fr="L'employeur étranger lié se trouve dans l'un de ces pays : {countries:countries}.")
    messages = {
        "met": Text(en="The foreign employer is in {country}, a CUSMA country.",
                    fr="L'employeur étranger se trouve dans le pays suivant : {country}, un pays de l'ACEUM."),
        "unmet": Text(en="The foreign employer is in {country}; CUSMA transfers come from an enterprise in "
                         "{countries:countries}.",
                      fr="L'employeur étranger se trouve dans le pays suivant : {country}; les mutations de l'ACEUM "
                         "proviennent d'une entreprise située dans l'un de ces pays : {countries:countries}."),
        "unknown": Text(en="We do not know in which country the foreign employer is.",
                        fr="Nous ne savons pas dans quel pays se trouve l'employeur étranger."),
    }
    reads = (f"{IC}.foreign_employer_country",)

    def evaluate(self, ctx: Context, a: CountriesArgs) -> Finding:
        ic = _ic(ctx.request)
        country = ic.foreign_employer_country if ic else None
        if country is None:
            return unknown((f"{IC}.foreign_employer_country",))
        if country in ctx.p(a.countries):
            return met(country=CountryName(country))
        return unmet(country=CountryName(country))


# --- the position ------------------------------------------------------------------------------------


class CategoriesArgs(Args):
    categories: Param[list[PositionCategory]]


class PositionCategoryTest(Template[CategoriesArgs]):
    """The Canadian position is in one of the stream's categories (executive, senior or functional
    manager, specialized knowledge)."""

    name = "ict.position_category"
    title = Text(en="Executive, managerial or specialized-knowledge position",
                 fr="Poste de direction, de gestion ou exigeant des connaissances spécialisées")
    requirement = Text(en="The Canadian position is one of these: {categories}.",
                       fr="Le poste au Canada relève de l'une de ces catégories : {categories}.")
    messages = {
        "met": Text(en="The Canadian position is a {category} position, a qualifying category.",
                    fr="Le poste au Canada relève de la catégorie « {category} », qui est admissible."),
        "unmet": Text(en="The Canadian position is {category}; only these positions qualify: {categories}.",
                      fr="Le poste au Canada relève de la catégorie « {category} »; seuls ces postes sont admissibles "
                         ": "
                         "{categories}."),
        "unknown": Text(en="We do not know the category of the Canadian position ({categories}).",
                        fr="Nous ne connaissons pas la catégorie du poste au Canada ({categories})."),
    }
    reads = (F_CATEGORY,)

    def evaluate(self, ctx: Context, a: CategoriesArgs) -> Finding:
        category = _category(ctx.request)
        if category is None:
            return unknown((F_CATEGORY,))
        if category in ctx.p(a.categories):
            return met(category=category)
        return unmet(category=category)


class TeersArgs(Args):
    teers: Param[list[int]]


class PositionTeer(Template[TeersArgs]):
    """An executive or manager transfers into an executive or managerial occupation: the job offer's
    NOC 2021 unit group is in TEER 0 or 1. (Specialized knowledge has no TEER requirement.)"""

    name = "ict.position_teer"
    title = Text(en="Executive or manager: an occupation of TEER 0 or 1",
                 fr="Cadre ou gestionnaire : une profession de FEER 0 ou 1")
    requirement = Text(
        en="An executive or manager is offered an occupation of TEER {teers} (NOC 2021); specialized knowledge has no "
           "TEER requirement.",
        fr="Un cadre ou un gestionnaire se voit offrir une profession de la FEER {teers} (CNP 2021); les connaissances "
           "spécialisées n'ont aucune exigence de FEER.")
    messages = {
        "met": Text(en="NOC {noc} is in TEER {teer}, as an executive or managerial position requires.",
                    fr="Le code CNP {noc} relève de la FEER {teer}, comme l'exige un poste de direction ou de "
                       "gestion."),
        "unmet": Text(en="NOC {noc} is in TEER {teer}: an executive or managerial transfer needs an occupation of "
                         "TEER {teers}.",
                      fr="Le code CNP {noc} relève de la FEER {teer} : une mutation de cadre ou de gestionnaire exige "
                         "une profession de la FEER {teers}."),
        "unknown": Text(en="We do not know the NOC code of the Canadian position, or whether it is an executive or "
                           "managerial one.",
                        fr="Nous ne connaissons pas le code CNP du poste au Canada, ni s'il s'agit d'un poste de "
                           "direction ou de gestion."),
    }
    reads = (F_CATEGORY, F_NOC)

    def evaluate(self, ctx: Context, a: TeersArgs) -> Finding:
        category = _category(ctx.request)
        noc = ctx.request.job_offer.noc_code if ctx.request.job_offer else None

        def test() -> Finding:
            if noc is None:
                return unknown((F_NOC,))
            teer = teer_of(noc)
            return met(noc=noc, teer=teer) if teer in ctx.p(a.teers) else unmet(noc=noc, teer=teer)

        return guarded(None if category is None else category in MANAGERIAL, (F_CATEGORY,), test)


class SpecializedKnowledge(Template[NoArgs]):
    """For a specialized-knowledge position: both a high degree of proprietary knowledge of the
    company's products, services or methods and an advanced level of expertise; either alone is not
    enough. An officer weighs the evidence."""

    name = "ict.specialized_knowledge"
    kind = Kind.DISCRETIONARY
    title = Text(en="Specialized knowledge: proprietary knowledge and advanced expertise",
                 fr="Connaissances spécialisées : connaissances exclusives et expertise avancée")
    requirement = Text(
        en="For a specialized-knowledge position, both a high degree of proprietary knowledge of the company's "
           "products, services or methods and an advanced level of expertise; either alone is not enough.",
        fr="Pour un poste exigeant des connaissances spécialisées, à la fois un degré élevé de connaissances "
           "exclusives des produits, services ou méthodes de l'entreprise et un niveau avancé d'expertise; l'un sans "
           "l'autre ne suffit pas.")
    messages = {
        "met": Text(en="The person claims both proprietary knowledge of the company and advanced expertise.",
                    fr="La personne déclare à la fois des connaissances exclusives de l'entreprise et une expertise "
                       "avancée."),
        "unmet_proprietary": Text(
            en="The person does not claim proprietary knowledge of the company; advanced expertise alone does not make "
               "specialized knowledge.",
            fr="La personne ne déclare pas de connaissances exclusives de l'entreprise; l'expertise avancée seule ne "
               "constitue pas des connaissances spécialisées."),
        "unmet_advanced": Text(
            en="The person does not claim an advanced level of expertise; proprietary knowledge alone does not make "
               "specialized knowledge.",
            fr="La personne ne déclare pas un niveau avancé d'expertise; les connaissances exclusives seules ne "
               "constituent pas des connaissances spécialisées."),
        "unknown_claims": Text(
            en="We do not know yet whether the person has both proprietary knowledge of the company and advanced "
               "expertise.",
            fr="Nous ne savons pas encore si la personne a à la fois des connaissances exclusives de l'entreprise et "
               "une expertise avancée."),
        "unknown": Text(
            en="We do not know yet whether this test applies, or whether the person has both proprietary knowledge and "
               "advanced expertise.",
            fr="Nous ne savons pas encore si ce critère s'applique, ni si la personne a à la fois des connaissances "
               "exclusives et une expertise avancée."),
    }
    reads = (F_CATEGORY, F_SK)

    def evaluate(self, ctx: Context, a: NoArgs) -> Finding:
        request = ctx.request

        def test() -> Finding:
            claims = request.applicant.specialized_knowledge if request.applicant else None
            proprietary = claims.proprietary_knowledge if claims else None
            advanced = claims.advanced_expertise if claims else None
            if proprietary is False or advanced is False:
                return unmet("unmet_proprietary" if proprietary is False else "unmet_advanced")
            missing = [f"{F_SK}.{n}" for n, v in (("proprietary_knowledge", proprietary),
                                                  ("advanced_expertise", advanced)) if v is None]
            return unknown(missing, "unknown_claims") if missing else met()

        category = _category(request)
        return guarded(None if category is None else category is SK, (F_CATEGORY,), test)


class WeeksArgs(Args):
    weeks_per_year: Param[float]


class PrevailingWage(Template[WeeksArgs]):
    """A specialized-knowledge transferee is paid at least the prevailing wage for the occupation
    and region (the Job Bank wage the user gives)."""

    name = "ict.prevailing_wage"
    title = Text(en="Specialized knowledge paid at least the prevailing wage",
                 fr="Connaissances spécialisées rémunérées au moins au salaire courant")
    requirement = Text(
        en="A specialized-knowledge transferee is paid at least the prevailing wage (the Job Bank wage for the "
           "occupation and region); a yearly wage counts as {weeks_per_year} weeks of the weekly hours.",
        fr="La personne mutée ayant des connaissances spécialisées reçoit au moins le salaire courant (le salaire du "
           "Guichet-Emplois pour la profession et la région); un salaire annuel compte pour {weeks_per_year} semaines "
           "des heures hebdomadaires.")
    messages = {
        "met": Text(en="The offered wage, {wage:money} an hour, is at or above the prevailing wage of "
                       "{prevailing:money} "
                       "an hour.",
                    fr="Le salaire offert, {wage:money} de l'heure, atteint ou dépasse le salaire courant de "
                       "{prevailing:money} de l'heure."),
        "unmet": Text(en="The offered wage, {wage:money} an hour, is below the prevailing wage of {prevailing:money} "
                         "an "
                         "hour, the minimum for specialized-knowledge transferees.",
                      fr="Le salaire offert, {wage:money} de l'heure, est inférieur au salaire courant de "
                         "{prevailing:money} de l'heure, le minimum pour les personnes mutées ayant des connaissances "
                         "spécialisées."),
        "unknown": Text(en="We cannot compare the offered wage with the prevailing wage yet (Job Bank wage for the "
                           "occupation and region).",
                        fr="Nous ne pouvons pas encore comparer le salaire offert au salaire courant (salaire du "
                           "Guichet-Emplois pour la profession et la région)."),
        "change.wage_hour": Text(en="A wage of at least {floor:money} an hour would meet the prevailing wage.",
                                 fr="Un salaire d'au moins {floor:money} de l'heure atteindrait le salaire courant."),
        "change.wage_year": Text(en="A wage of at least {floor:money0} a year would meet the prevailing wage.",
                                 fr="Un salaire d'au moins {floor:money0} par année atteindrait le salaire courant."),
    }
    reads = (F_CATEGORY, "job_offer.wage", "job_offer.hours_per_week", "job_offer.prevailing_wage_hourly")

    def evaluate(self, ctx: Context, a: WeeksArgs) -> Finding:
        job = ctx.request.job_offer

        def test() -> Finding:
            wage = hourly_wage(job, ctx.p(a.weeks_per_year))
            prevailing = job.prevailing_wage_hourly if job else None
            missing = [] if wage is not None else wage_fields(job)
            if prevailing is None:
                missing.append("job_offer.prevailing_wage_hourly")
            if missing or wage is None or prevailing is None:
                return unknown(missing)
            return (met if wage >= prevailing else unmet)(wage=wage, prevailing=prevailing)

        category = _category(ctx.request)
        return guarded(None if category is None else category is SK, (F_CATEGORY,), test)

    def changes(self, ctx: Context, a: WeeksArgs, finding: Finding) -> Iterable[Change]:
        prevailing = finding.args.get("prevailing")
        if not isinstance(prevailing, (int, float)):
            return ()
        return (wage_change(ctx.request.job_offer, float(prevailing), ctx.p(a.weeks_per_year)),)


# --- premises ----------------------------------------------------------------------------------------


class PhysicalPremises(Template[NoArgs]):
    """An established Canadian business receiving a transferee has physical commercial premises
    where its operations are conducted and where the transferee works (a residential address or a
    virtual office does not qualify)."""

    name = "ict.physical_premises"
    title = Text(en="Physical commercial premises in Canada", fr="Locaux commerciaux physiques au Canada")
    requirement = Text(
        en="Since {since:long} the transferee works at the physical commercial premises where the Canadian business "
           "operates; a business without them (a residential address or a virtual office) cannot receive "
           "transferees.",
        fr="Depuis le {since:long}, la personne mutée travaille dans les locaux commerciaux physiques où l'entreprise "
           "canadienne exerce ses activités; une entreprise qui n'en a pas (adresse résidentielle ou bureau virtuel) "
           "ne "
           "peut pas recevoir de personnes mutées.")
    messages = {
        "met": Text(en="The Canadian business has physical commercial premises where the transferee will work.",
                    fr="L'entreprise canadienne a des locaux commerciaux physiques où la personne mutée travaillera."),
        "unmet": Text(en="The Canadian business has no physical commercial premises: since {since:long} it cannot "
                         "receive intra-company transferees.",
                      fr="L'entreprise canadienne n'a pas de locaux commerciaux physiques : depuis le {since:long}, "
                         "elle ne peut pas recevoir de personnes mutées."),
        "unknown": Text(en="We do not know whether the Canadian business has physical commercial premises where the "
                           "transferee will work.",
                        fr="Nous ne savons pas si l'entreprise canadienne a des locaux commerciaux physiques où la "
                           "personne mutée travaillera."),
    }
    reads = (F_NEW_OFFICE, F_PREMISES)

    def evaluate(self, ctx: Context, a: NoArgs) -> Finding:
        ic = _ic(ctx.request)
        new_office = _new_office(ctx.request)
        return guarded(None if new_office is None else not new_office, (F_NEW_OFFICE,),
                       lambda: yes_no(ic.physical_premises_secured if ic else None, F_PREMISES))


class NewOfficePremises(Template[NoArgs]):
    """A new office has secured physical premises in Canada (a virtual or home office does not
    qualify)."""

    name = "ict.new_office_premises"
    title = Text(en="New office: physical premises secured", fr="Nouveau bureau : locaux physiques obtenus")
    requirement = Text(en="For a new office, commercial premises in Canada are secured (a virtual or home office does "
                          "not qualify).",
                       fr="Pour un nouveau bureau, des locaux commerciaux sont obtenus au Canada (un bureau virtuel "
                          "ou à "
                          "domicile n'est pas admissible).")
    messages = {
        "met": Text(en="Physical premises for the new office are secured.",
                    fr="Les locaux physiques du nouveau bureau sont obtenus."),
        "unmet": Text(en="Physical premises for the new office are not secured yet.",
                      fr="Les locaux physiques du nouveau bureau ne sont pas encore obtenus."),
        "unknown": Text(en="We do not know whether this is a new office, or whether its premises are secured.",
                        fr="Nous ne savons pas s'il s'agit d'un nouveau bureau, ni si ses locaux sont obtenus."),
    }
    reads = (F_NEW_OFFICE, F_PREMISES)

    def evaluate(self, ctx: Context, a: NoArgs) -> Finding:
        ic = _ic(ctx.request)
        new_office = _new_office(ctx.request)
        return guarded(new_office, (F_NEW_OFFICE,),
                       lambda: yes_no(ic.physical_premises_secured if ic else None, F_PREMISES))


class NewOfficePremisesOnExtension(Template[NoArgs]):
    """A transferee opening a new office may enter Canada to secure its premises (using counsel's
    address meanwhile); to extend the permit, the premises must by then be secured. Such an extension
    is exceptional (delays beyond the applicant's or employer's control; an officer decides): an
    office doing business extends as an executive or manager or with specialized knowledge."""

    name = "ict.new_office_premises_on_extension"
    title = Text(en="New office: premises secured by the "
                    "extension", fr="Nouveau bureau : locaux obtenus à la prolongation")
    requirement = Text(
        en="A transferee opening a new office may come to Canada to secure its commercial premises, the business using "
           "its counsel's address meanwhile; an extension needs the premises secured.",
        fr="La personne mutée qui ouvre un nouveau bureau peut venir au Canada pour obtenir ses locaux commerciaux, "
           "l'entreprise utilisant entre-temps l'adresse de son conseil; une prolongation exige des locaux obtenus.")
    messages = {
        "met_initial": Text(
            en="A first permit to open a new office does not need premises yet: the transferee may come to secure them "
               "(the business may use its counsel's address meanwhile).",
            fr="Un premier permis pour ouvrir un nouveau bureau n'exige pas encore de locaux : la personne mutée peut "
               "venir les obtenir (l'entreprise peut utiliser entre-temps l'adresse de son conseil)."),
        "met": Text(en="Physical premises for the new office are secured, as an extension requires. An extension as "
                       "a new office is exceptional: an officer grants it only when delays beyond the transferee's or "
                       "the employer's control (for example, construction permits) kept the office from doing business "
                       "within its first year; an office that is doing business extends instead as an executive or "
                       "manager, or with specialized knowledge.",
                    fr="Les locaux physiques du nouveau bureau sont obtenus, comme l'exige une prolongation. Une "
                       "prolongation à titre de nouveau bureau est exceptionnelle : un agent ne l'accorde que si des "
                       "retards indépendants de la volonté de la personne mutée ou de l'employeur (par exemple, des "
                       "permis de construction) ont empêché le bureau d'exercer ses activités pendant sa première "
                       "année; un bureau en activité se prolonge plutôt au titre de cadre ou de gestionnaire, ou des "
                       "connaissances spécialisées."),
        "unmet": Text(en="To extend the permit of a transferee who opened a new office, its premises must be secured; "
                         "they are not.",
                      fr="Pour prolonger le permis d'une personne mutée qui a ouvert un nouveau bureau, ses locaux "
                         "doivent être obtenus; ils ne le sont pas."),
        "unknown": Text(en="We do not know whether this is a new office, or whether its premises are secured.",
                        fr="Nous ne savons pas s'il s'agit d'un nouveau bureau, ni si ses locaux sont obtenus."),
    }
    reads = (F_NEW_OFFICE, F_PREMISES, "application.kind")

    def evaluate(self, ctx: Context, a: NoArgs) -> Finding:
        ic = _ic(ctx.request)
        new_office = _new_office(ctx.request)
        if not ctx.request.is_extension:
            return guarded(new_office, (F_NEW_OFFICE,), lambda: met("met_initial"))
        return guarded(new_office, (F_NEW_OFFICE,),
                       lambda: yes_no(ic.physical_premises_secured if ic else None, F_PREMISES))


# --- the maximum stay --------------------------------------------------------------------------------


class Cumulative(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    managerial: int = Field(ge=1)
    specialized_knowledge: int = Field(ge=1)


class CumulativeArgs(Args):
    months: Param[Cumulative]
    requalifying_months: Param[int]  # full-time work abroad before a new transfer, once the maximum is used up


def _months_left(request: ScreeningRequest, as_of: date, caps: Cumulative) -> tuple[int | None, int, list[str]]:
    """Months left of the cumulative maximum for the position category, counted from the initial
    application; that maximum; the facts missing to tell."""
    initial = request.application.initial_application_date if request.application else None
    category = _category(request)
    total = caps.specialized_knowledge if category is SK else caps.managerial
    missing = ([F_INITIAL_DATE] if initial is None else []) + ([F_CATEGORY] if category is None else [])
    if initial is None or category is None:
        return None, total, missing
    return total - whole_months_between(initial, as_of), total, []


class CumulativeMaximum(Template[CumulativeArgs]):
    """An extension is possible only within the maximum stay as a transferee: 7 years for executives
    and managers, 5 for specialized knowledge, across R204(a) and R205(a) (counted here from the
    initial application, the only date the contract carries)."""

    name = "ict.cumulative_maximum"
    title = Text(en="Extension: within the maximum stay as a "
                    "transferee", fr="Prolongation : dans la limite du séjour maximal")
    requirement = Text(
        en="An intra-company transferee may stay {months.managerial} months in all as an executive or manager, "
           "{months.specialized_knowledge} months with specialized knowledge; an extension is possible only within "
           "that maximum (counted here from the initial application).",
        fr="Une personne mutée peut séjourner {months.managerial} mois au total comme cadre ou gestionnaire, "
           "{months.specialized_knowledge} mois avec des connaissances spécialisées; une prolongation n'est possible "
           "que dans cette limite (comptée ici à partir de la demande initiale).")
    messages = {
        "met": Text(en="{left} month(s) left of the {years}-year maximum, counted from the initial application.",
                    fr="Il reste {left} mois du maximum de {years} ans, comptés à partir de la demande initiale."),
        "unmet": Text(en="The {years}-year maximum is used up, counted from the initial application: no further "
                         "permit as an intra-company transferee can be issued, in any transferee category, under "
                         "R205(a) or CUSMA alike. To transfer again, the person must first work at least "
                         "{requalifying_months} months full time for the enterprise outside Canada.",
                      fr="Le maximum de {years} ans est atteint, compté à partir de la demande initiale : aucun autre "
                         "permis de personne mutée ne peut être délivré, quelle que soit la catégorie de mutation, au "
                         "titre de R205a) comme de l'ACEUM. Pour être mutée de nouveau, la personne doit d'abord "
                         "travailler au moins {requalifying_months} mois à temps plein pour l'entreprise hors du "
                         "Canada."),
        "unknown": Text(en="For an extension we need the date of the initial application and the position category, to "
                           "count what is left of the maximum stay.",
                        fr="Pour une prolongation, il nous faut la date de la demande initiale et la catégorie de "
                           "poste, "
                           "pour compter ce qui reste du séjour maximal."),
        "unknown_date": Text(en="For an extension we need the date of the initial application, to count what is left "
                                "of the maximum stay.",
                             fr="Pour une prolongation, il nous faut la date de la demande initiale, pour compter ce "
                                "qui reste du séjour maximal."),
        "unknown_category": Text(en="For an extension we need the position category, to know which maximum stay "
                                    "applies.",
                                 fr="Pour une prolongation, il nous faut la catégorie de poste, pour savoir quel "
                                    "séjour maximal s'applique."),
    }
    reads = ("application.kind", F_INITIAL_DATE, F_CATEGORY)

    def evaluate(self, ctx: Context, a: CumulativeArgs) -> Finding:
        request = ctx.request
        if not request.is_extension or _category(request) is PositionCategory.OTHER:
            return NOT_APPLICABLE  # a first permit; or no transferee position (its own test says so)
        left, total, missing = _months_left(request, ctx.as_of, ctx.p(a.months))
        if left is None:
            key = ("unknown_date" if missing == [F_INITIAL_DATE]
                   else "unknown_category" if missing == [F_CATEGORY] else "unknown")
            return unknown(missing, key)
        return (met if left > 0 else unmet)(years=total // 12, left=max(left, 0))

    def turning_dates(self, ctx: Context, a: CumulativeArgs, finding: Finding) -> Iterable[date]:
        initial = ctx.request.application.initial_application_date if ctx.request.application else None
        if finding.key != "met" or initial is None:
            return ()
        total = finding.args["years"] * 12
        return (add_months(initial, total),)


# --- stream rules --------------------------------------------------------------------------------------


class Codes(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    new_office: str | None = None
    executive_or_manager: str
    specialized_knowledge: str


class CodeArgs(Args):
    codes: Param[Codes]
    new_office_code: bool  # R205(a) gives a new office its own code; CUSMA codes by position


class TransferCode(StreamRule[CodeArgs, str | None]):
    """The code follows the kind of transfer: a new office (R205(a)), an executive or manager, or
    specialized knowledge."""

    name = "ict.exemption_code"
    reads = (F_NEW_OFFICE, F_CATEGORY)

    def compute(self, ctx: Context, a: CodeArgs, findings: Mapping[str, Finding]) -> str | None:
        codes = ctx.p(a.codes)
        if a.new_office_code:
            new_office = _new_office(ctx.request)
            if new_office is None:
                return None
            if new_office:
                return codes.new_office
        category = _category(ctx.request)
        if category is None or category is PositionCategory.OTHER:
            return None
        return codes.specialized_knowledge if category is SK else codes.executive_or_manager


class InitialMonths(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    new_office: int = Field(ge=1)
    established: int = Field(ge=1)


class DurationArgs(Args):
    initial: Param[InitialMonths]
    extension: Param[int]
    new_office_extension: Param[int]
    cumulative: Param[Cumulative]
    passport_exempt: Param[list[str]]
    territories: Param[dict[str, str]]  # a territory's citizens are the Party's (Puerto Rico: US citizens)


class TransferDuration(StreamRule[DurationArgs, int | None]):
    """An initial permit runs up to 1 year for a new office and 3 years otherwise; an extension up to
    2 years (a new office's, up to 6 months), within what is left of the maximum stay; always within
    the job's length and the passport's validity (not for citizens of the exempt countries, those
    who give a covered territory's citizenship, Puerto Rico for the United States, included)."""

    name = "ict.max_duration"
    reads = (*DURATION_READS, "application.kind", F_INITIAL_DATE, F_NEW_OFFICE, F_CATEGORY)

    def compute(self, ctx: Context, a: DurationArgs, findings: Mapping[str, Finding]) -> int | None:
        request = ctx.request
        passport_exempt = ctx.p(a.passport_exempt)
        exempt = [*passport_exempt,
                  *(code for code, country in ctx.p(a.territories).items() if country in passport_exempt)]
        new_office = _new_office(request)
        if request.is_extension:
            if _category(request) is PositionCategory.OTHER or new_office is None:
                return None
            left, _, _ = _months_left(request, ctx.as_of, ctx.p(a.cumulative))
            if left is None:
                return None
            step = ctx.p(a.new_office_extension) if new_office else ctx.p(a.extension)
            return capped_duration(ctx, min(step, max(0, left)), exempt)
        if new_office is None:
            return None
        limits = ctx.p(a.initial)
        return capped_duration(ctx, limits.new_office if new_office else limits.established, exempt)

