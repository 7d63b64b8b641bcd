"""The demo's shared glossary: about forty concepts of the field, with a preferred label in each
of the five shipped languages (en, es, it, el, sv), an English definition, and the hierarchy.
Labels follow common usage in each language; a real network would check them with its members
and map them to EIGE's thesaurus (a few mappings are shown as examples)."""

# key, broader keys, {language: preferred label}, English definition, alternative English labels
CONCEPTS: list[tuple[str, list[str], dict[str, str], str, list[str]]] = [
    (
        "gender-based-violence",
        [],
        {
            "en": "gender-based violence",
            "es": "violencia de género",
            "it": "violenza di genere",
            "el": "έμφυλη βία",
            "sv": "könsrelaterat våld",
        },
        (
            "Violence directed against a person because of their gender, or that affects persons "
            "of a "
            "particular gender disproportionately."
        ),
        ["GBV"],
    ),
    (
        "violence-against-women",
        ["gender-based-violence"],
        {
            "en": "violence against women",
            "es": "violencia contra las mujeres",
            "it": "violenza contro le donne",
            "el": "βία κατά των γυναικών",
            "sv": "våld mot kvinnor",
        },
        (
            "A violation of human rights and a form of discrimination against women: all acts of "
            "gender-based violence that result in, or are likely to result in, harm or suffering "
            "to "
            "women."
        ),
        ["VAW"],
    ),
    (
        "domestic-violence",
        ["gender-based-violence"],
        {
            "en": "domestic violence",
            "es": "violencia doméstica",
            "it": "violenza domestica",
            "el": "ενδοοικογενειακή βία",
            "sv": "våld i nära relationer",
        },
        (
            "Physical, sexual, psychological or economic violence within the family or domestic "
            "unit "
            "or between former or current partners."
        ),
        ["DV"],
    ),
    (
        "intimate-partner-violence",
        ["domestic-violence"],
        {
            "en": "intimate partner violence",
            "es": "violencia en la pareja",
            "it": "violenza nella coppia",
            "el": "βία από σύντροφο",
            "sv": "partnervåld",
        },
        "Violence by a current or former spouse or partner.",
        ["IPV"],
    ),
    (
        "physical-violence",
        ["domestic-violence"],
        {
            "en": "physical violence",
            "es": "violencia física",
            "it": "violenza fisica",
            "el": "σωματική βία",
            "sv": "fysiskt våld",
        },
        "Acts that use bodily force to cause harm, such as hitting, pushing, strangling.",
        [],
    ),
    (
        "sexual-violence",
        ["gender-based-violence"],
        {
            "en": "sexual violence",
            "es": "violencia sexual",
            "it": "violenza sessuale",
            "el": "σεξουαλική βία",
            "sv": "sexuellt våld",
        },
        "Any sexual act without consent, including rape.",
        [],
    ),
    (
        "psychological-violence",
        ["domestic-violence"],
        {
            "en": "psychological violence",
            "es": "violencia psicológica",
            "it": "violenza psicologica",
            "el": "ψυχολογική βία",
            "sv": "psykiskt våld",
        },
        (
            "Conduct that seriously impairs a person's psychological integrity through coercion or "
            "threats."
        ),
        ["emotional abuse"],
    ),
    (
        "economic-violence",
        ["domestic-violence"],
        {
            "en": "economic violence",
            "es": "violencia económica",
            "it": "violenza economica",
            "el": "οικονομική βία",
            "sv": "ekonomiskt våld",
        },
        "Control of a partner's access to money, work or property.",
        ["financial abuse"],
    ),
    (
        "coercive-control",
        ["psychological-violence"],
        {
            "en": "coercive control",
            "es": "control coercitivo",
            "it": "controllo coercitivo",
            "el": "καταναγκαστικός έλεγχος",
            "sv": "tvingande kontroll",
        },
        (
            "A pattern of domination through isolation, intimidation, degradation and control of "
            "daily"
            " life."
        ),
        [],
    ),
    (
        "stalking",
        ["gender-based-violence"],
        {
            "en": "stalking",
            "es": "acoso",
            "it": "atti persecutori",
            "el": "παρενοχλητική παρακολούθηση",
            "sv": "förföljelse",
        },
        "Repeated threatening conduct that causes a person to fear for her safety.",
        [],
    ),
    (
        "femicide",
        ["violence-against-women"],
        {
            "en": "femicide",
            "es": "feminicidio",
            "it": "femminicidio",
            "el": "γυναικοκτονία",
            "sv": "kvinnomord",
        },
        "The killing of women and girls because of their gender.",
        [],
    ),
    (
        "survivor",
        [],
        {
            "en": "survivor",
            "es": "superviviente",
            "it": "sopravvissuta",
            "el": "επιζήσασα",
            "sv": "våldsutsatt",
        },
        "A person who has experienced violence; the word stresses her agency.",
        ["victim"],
    ),
    (
        "ex-partner",
        ["survivor"],
        {
            "en": "(ex)partner",
            "es": "(ex)pareja",
            "it": "(ex) partner",
            "el": "(πρώην) σύντροφος",
            "sv": "(före detta) partner",
        },
        "A woman whose current or former partner attends a perpetrator programme.",
        [],
    ),
    (
        "perpetrator",
        [],
        {
            "en": "perpetrator",
            "es": "agresor",
            "it": "autore di violenza",
            "el": "δράστης",
            "sv": "förövare",
        },
        (
            "The person who uses violence; in this work usually a man who uses violence against "
            "his "
            "partner."
        ),
        ["author of violence"],
    ),
    (
        "perpetrator-programme",
        ["perpetrator-work"],
        {
            "en": "perpetrator programme",
            "es": "programa para agresores",
            "it": "programma per autori di violenza",
            "el": "πρόγραμμα για δράστες",
            "sv": "behandlingsprogram för förövare",
        },
        (
            "A structured intervention with men who use violence, aimed at ending it and "
            "increasing "
            "the safety of women and children."
        ),
        ["batterer intervention programme"],
    ),
    (
        "perpetrator-work",
        [],
        {
            "en": "perpetrator work",
            "es": "trabajo con agresores",
            "it": "lavoro con gli autori di violenza",
            "el": "εργασία με δράστες",
            "sv": "arbete med förövare",
        },
        "All work with people who use violence, from programmes to individual counselling.",
        [],
    ),
    (
        "partner-support",
        ["victim-safety"],
        {
            "en": "partner support",
            "es": "apoyo a la pareja",
            "it": "supporto alla partner",
            "el": "υποστήριξη συντρόφου",
            "sv": "partnerstöd",
        },
        "Contact with and support for the (ex)partner of a man on a programme, run alongside it.",
        ["partner contact"],
    ),
    (
        "victim-safety",
        [],
        {
            "en": "victim safety",
            "es": "seguridad de la víctima",
            "it": "sicurezza della vittima",
            "el": "ασφάλεια του θύματος",
            "sv": "den våldsutsattas säkerhet",
        },
        (
            "The first aim of perpetrator work: the safety of women and children subjected to "
            "violence."
        ),
        [],
    ),
    (
        "risk-assessment",
        ["victim-safety"],
        {
            "en": "risk assessment",
            "es": "valoración del riesgo",
            "it": "valutazione del rischio",
            "el": "αξιολόγηση κινδύνου",
            "sv": "riskbedömning",
        },
        "A structured judgement of the likelihood and severity of further violence.",
        [],
    ),
    (
        "risk-management",
        ["victim-safety"],
        {
            "en": "risk management",
            "es": "gestión del riesgo",
            "it": "gestione del rischio",
            "el": "διαχείριση κινδύνου",
            "sv": "riskhantering",
        },
        "What agencies do together to lower an assessed risk.",
        [],
    ),
    (
        "safety-plan",
        ["victim-safety"],
        {
            "en": "safety plan",
            "es": "plan de seguridad",
            "it": "piano di sicurezza",
            "el": "σχέδιο ασφάλειας",
            "sv": "säkerhetsplan",
        },
        "A woman's own plan, made with her worker, of what to do to stay safe.",
        [],
    ),
    (
        "risk-conference",
        ["multi-agency-cooperation"],
        {
            "en": "multi-agency risk conference",
            "es": "conferencia multiagencia de riesgo",
            "it": "conferenza multi-agenzia sul rischio",
            "el": "διυπηρεσιακή σύσκεψη κινδύνου",
            "sv": "myndighetsgemensam riskkonferens",
        },
        "A regular meeting where agencies share information on high-risk cases and agree actions.",
        ["MARAC"],
    ),
    (
        "multi-agency-cooperation",
        [],
        {
            "en": "multi-agency cooperation",
            "es": "cooperación multiagencia",
            "it": "cooperazione multi-agenzia",
            "el": "διυπηρεσιακή συνεργασία",
            "sv": "samverkan mellan myndigheter",
        },
        "Agencies working together on cases of violence, each in its own role.",
        [],
    ),
    (
        "coordinated-community-response",
        ["multi-agency-cooperation"],
        {
            "en": "coordinated community response",
            "es": "respuesta comunitaria coordinada",
            "it": "risposta coordinata della comunità",
            "el": "συντονισμένη κοινοτική απόκριση",
            "sv": "samordnad samhällsrespons",
        },
        (
            "A local system in which police, courts, services and programmes act together to hold "
            "perpetrators accountable and keep women safe."
        ),
        ["CCR"],
    ),
    (
        "womens-specialist-support",
        [],
        {
            "en": "women's specialist support",
            "es": "servicios especializados para mujeres",
            "it": "servizi specializzati per donne",
            "el": "εξειδικευμένη υποστήριξη γυναικών",
            "sv": "specialiserat stöd för kvinnor",
        },
        (
            "Services run by and for women subjected to violence: helplines, shelters, advocacy, "
            "counselling."
        ),
        ["WSS"],
    ),
    (
        "shelter",
        ["womens-specialist-support"],
        {
            "en": "shelter",
            "es": "casa de acogida",
            "it": "casa rifugio",
            "el": "ξενώνας φιλοξενίας",
            "sv": "skyddat boende",
        },
        "Safe accommodation for women and their children, at a confidential address.",
        ["refuge"],
    ),
    (
        "helpline",
        ["womens-specialist-support"],
        {
            "en": "helpline",
            "es": "línea de ayuda",
            "it": "linea di ascolto",
            "el": "γραμμή βοήθειας",
            "sv": "stödlinje",
        },
        "A telephone service offering advice and support, often free and around the clock.",
        [],
    ),
    (
        "advocacy",
        ["womens-specialist-support"],
        {
            "en": "independent advocacy",
            "es": "acompañamiento independiente",
            "it": "accompagnamento indipendente",
            "el": "ανεξάρτητη συνηγορία",
            "sv": "oberoende stödperson",
        },
        "A worker who stands by a woman through the agencies and the courts, on her side only.",
        ["IDVA"],
    ),
    (
        "accountability",
        ["perpetrator-work"],
        {
            "en": "accountability",
            "es": "responsabilización",
            "it": "assunzione di responsabilità",
            "el": "λογοδοσία",
            "sv": "ansvarstagande",
        },
        (
            "The perpetrator taking responsibility for his violence and its effects, and being "
            "held to"
            " it."
        ),
        ["responsibility"],
    ),
    (
        "gender-sensitivity",
        [],
        {
            "en": "gender sensitivity",
            "es": "perspectiva de género",
            "it": "sensibilità di genere",
            "el": "ευαισθησία ως προς το φύλο",
            "sv": "genusmedvetenhet",
        },
        "Work that takes account of how gender shapes violence and its effects.",
        [],
    ),
    (
        "prevention",
        ["four-ps"],
        {
            "en": "prevention",
            "es": "prevención",
            "it": "prevenzione",
            "el": "πρόληψη",
            "sv": "förebyggande",
        },
        "Measures that stop violence before it happens, or stop it happening again.",
        [],
    ),
    (
        "protection",
        ["four-ps"],
        {
            "en": "protection",
            "es": "protección",
            "it": "protezione",
            "el": "προστασία",
            "sv": "skydd",
        },
        "Measures that keep women and children safe and support them.",
        [],
    ),
    (
        "prosecution",
        ["four-ps"],
        {
            "en": "prosecution",
            "es": "enjuiciamiento",
            "it": "perseguimento",
            "el": "δίωξη",
            "sv": "lagföring",
        },
        "Investigation, prosecution and sanctions for violence.",
        [],
    ),
    (
        "integrated-policies",
        ["four-ps"],
        {
            "en": "integrated policies",
            "es": "políticas integradas",
            "it": "politiche integrate",
            "el": "ολοκληρωμένες πολιτικές",
            "sv": "samordnad politik",
        },
        "Comprehensive, coordinated policies across all agencies.",
        [],
    ),
    (
        "four-ps",
        [],
        {
            "en": "the four Ps",
            "es": "las cuatro P",
            "it": "le quattro P",
            "el": "τα τέσσερα Π",
            "sv": "de fyra P:na",
        },
        (
            "The Istanbul Convention's pillars: prevention, protection, prosecution and integrated "
            "policies."
        ),
        [],
    ),
    (
        "protection-order",
        ["protection"],
        {
            "en": "protection order",
            "es": "orden de protección",
            "it": "ordine di protezione",
            "el": "περιοριστικός όρος",
            "sv": "kontaktförbud",
        },
        "A court or police order that forbids the perpetrator to contact or approach her.",
        ["restraining order"],
    ),
    (
        "referral",
        ["multi-agency-cooperation"],
        {"en": "referral", "es": "derivación", "it": "invio", "el": "παραπομπή", "sv": "remiss"},
        "Passing a case to another service, with consent and a protocol.",
        [],
    ),
    (
        "court-mandated-participation",
        ["perpetrator-programme"],
        {
            "en": "court-mandated participation",
            "es": "participación por mandato judicial",
            "it": "partecipazione su disposizione del giudice",
            "el": "συμμετοχή με δικαστική εντολή",
            "sv": "domstolsbeslutat deltagande",
        },
        "Attendance at a programme ordered by a court, as against voluntary attendance.",
        [],
    ),
    (
        "dropout",
        ["perpetrator-programme"],
        {"en": "dropout", "es": "abandono", "it": "abbandono", "el": "εγκατάλειψη", "sv": "avhopp"},
        "A man leaving a programme before its end; a moment of raised risk for his partner.",
        [],
    ),
    (
        "children-exposed",
        ["domestic-violence"],
        {
            "en": "children exposed to violence",
            "es": "menores expuestos a la violencia",
            "it": "minori esposti alla violenza",
            "el": "παιδιά εκτεθειμένα στη βία",
            "sv": "barn som upplever våld",
        },
        "Children who see, hear or live with violence between their parents.",
        ["witnessing children"],
    ),
    (
        "good-practice",
        [],
        {
            "en": "good practice",
            "es": "buena práctica",
            "it": "buona pratica",
            "el": "καλή πρακτική",
            "sv": "gott exempel",
        },
        "A way of working that has shown results and can be taken up elsewhere.",
        ["best practice"],
    ),
]

EXACT_MATCHES = {
    "gender-based-violence": ["https://eige.europa.eu/thesaurus/terms/1174"],
    "domestic-violence": ["https://eige.europa.eu/thesaurus/terms/1096"],
    "femicide": ["https://eige.europa.eu/thesaurus/terms/1128"],
}
RELATED = {
    "perpetrator-programme": ["partner-support", "accountability"],
    "risk-assessment": ["risk-conference"],
    "survivor": ["womens-specialist-support"],
}
# Outdated labels, kept so that old documents are still found.
OUTDATED = {"perpetrator-programme": ["anger management"], "survivor": ["battered woman"]}
