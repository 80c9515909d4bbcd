"""The demo's texts in French. A topic carries its article and follows "sur", "concernant" or "pour"."""

JOINER = " "

TOPICS = {
    "preventing violent extremism conducive to terrorism": (
        "la prévention de l'extrémisme violent pouvant conduire au terrorisme"
    ),
    "violent extremism in prisons": "l'extrémisme violent en milieu carcéral",
    "education for the prevention of violent extremism": (
        "l'éducation au service de la prévention de l'extrémisme violent"
    ),
    "sport and the prevention of violent extremism": "le sport et la prévention de l'extrémisme violent",
    "racially and ethnically motivated violent extremism": "l'extrémisme violent à motivation raciale ou ethnique",
    "strategic communications": "la communication stratégique",
    "border security and management": "la sécurité et la gestion des frontières",
    "maritime security": "la sûreté maritime",
    "the management of porous land borders": "la gestion des frontières terrestres poreuses",
    "inter-agency information-sharing": "l'échange d'informations entre services",
    "counter-terrorism investigations": "les enquêtes antiterroristes",
    "police cooperation against terrorism": "la coopération policière contre le terrorisme",
    "new and emerging technologies": "les technologies nouvelles et émergentes",
    "unmanned aircraft systems": "les systèmes d'aéronefs sans pilote",
    "the use of the Internet for terrorist purposes": "l'utilisation d'Internet à des fins terroristes",
    "responsible use of biometrics in counter-terrorism": (
        "l'utilisation responsable de la biométrie dans la lutte antiterroriste"
    ),
    "artificial intelligence in counter-terrorism": "l'intelligence artificielle dans la lutte antiterroriste",
    "the protection of critical infrastructure": "la protection des infrastructures critiques",
    "cybersecurity of critical infrastructure": "la cybersécurité des infrastructures critiques",
    "chemical and biological terrorism": "le terrorisme chimique et biologique",
    "weapons of mass destruction and non-State actors": (
        "les armes de destruction massive et les acteurs non étatiques"
    ),
    "nuclear and radiological security": "la sécurité nucléaire et radiologique",
    "mutual legal assistance and extradition": "l'entraide judiciaire et l'extradition",
    "electronic evidence": "la preuve électronique",
    "the use of battlefield evidence": "l'utilisation des preuves recueillies sur le champ de bataille",
    "counter-terrorism legislation": "la législation antiterroriste",
    "countering the financing of terrorism": "la lutte contre le financement du terrorisme",
    "virtual assets and terrorist financing": "les actifs virtuels et le financement du terrorisme",
    "the non-profit sector and terrorist financing": ("le secteur à but non lucratif et le financement du terrorisme"),
    "the ISIL (Da'esh) and Al-Qaida sanctions regime": "le régime de sanctions contre l'EIIL (Daech) et Al-Qaida",
    "monitoring and evaluation of counter-terrorism programmes": (
        "le suivi et l'évaluation des programmes antiterroristes"
    ),
    "resource mobilization for counter-terrorism": "la mobilisation de ressources pour la lutte antiterroriste",
    "national counter-terrorism strategies": "les stratégies nationales de lutte contre le terrorisme",
    "regional counter-terrorism action plans": "les plans d'action régionaux de lutte contre le terrorisme",
    "human rights compliance of counter-terrorism measures": (
        "le respect des droits de l'homme dans les mesures antiterroristes"
    ),
    "the rights of the child in counter-terrorism contexts": (
        "les droits de l'enfant dans les contextes de lutte antiterroriste"
    ),
    "the role of parliaments in counter-terrorism": "le rôle des parlements dans la lutte antiterroriste",
    "support to victims of terrorism": "le soutien aux victimes du terrorisme",
    "the rights and needs of victims of terrorism": "les droits et les besoins des victimes du terrorisme",
    "gender dimensions of counter-terrorism": "les questions de genre dans la lutte antiterroriste",
    "women's participation in preventing violent extremism": (
        "la participation des femmes à la prévention de l'extrémisme violent"
    ),
    "youth engagement and empowerment": "la mobilisation et l'autonomisation des jeunes",
    "youth-led prevention initiatives": "les initiatives de prévention menées par les jeunes",
    "aviation security": "la sûreté de l'aviation",
    "airport and air cargo security": "la sûreté des aéroports et du fret aérien",
    "countering hate speech": "la lutte contre les discours de haine",
    "disinformation and conspiracy narratives": "la désinformation et les discours complotistes",
    "prosecution, rehabilitation and reintegration": "les poursuites, la réadaptation et la réintégration",
    "returning foreign terrorist fighters and their families": (
        "les combattants terroristes étrangers de retour et leurs familles"
    ),
    "children associated with terrorist groups": "les enfants associés à des groupes terroristes",
    "illicit small arms and light weapons": "les armes légères et de petit calibre illicites",
    "improvised explosive devices": "les engins explosifs improvisés",
    "links between terrorism and organized crime": "les liens entre le terrorisme et la criminalité organisée",
    "the illicit trafficking of cultural property": "le trafic illicite de biens culturels",
    "Advance Passenger Information and Passenger Name Record data": (
        "les renseignements préalables sur les voyageurs et les données des dossiers passagers"
    ),
    "watchlists and the detection of terrorist travel": (
        "les listes de surveillance et la détection des déplacements de terroristes"
    ),
    "the protection of vulnerable targets": "la protection des cibles vulnérables",
    "the security of major sporting events": "la sécurité des grands événements sportifs",
    "regional and international cooperation against terrorism": (
        "la coopération régionale et internationale contre le terrorisme"
    ),
    "South-South cooperation on counter-terrorism": "la coopération Sud-Sud dans la lutte antiterroriste",
    "partnerships with civil society": "les partenariats avec la société civile",
    "community engagement and resilience": "la mobilisation et la résilience des communautés",
    "public-private partnerships in counter-terrorism": "les partenariats public-privé dans la lutte antiterroriste",
}

DOCUMENT_TITLES = {
    "report": ("Rapport sur {topic}", "Rapport d'étape concernant {topic}"),
    "publication": ("Manuel sur {topic}", "Recueil de bonnes pratiques concernant {topic}"),
    "guidance": ("Note d'orientation sur {topic}", "Guide technique concernant {topic}"),
    "policy": ("Note de synthèse sur {topic}", "Document de position sur {topic}"),
    "meeting_summary": ("Résumé de la réunion d'experts sur {topic}", "Conclusions de l'atelier régional sur {topic}"),
    "concept_note": (
        "Note conceptuelle\u00a0: atelier régional sur {topic}",
        "Note conceptuelle pour une conférence de haut niveau sur {topic}",
    ),
    "presentation": ("Présentation sur {topic}", "Diapositives d'information sur {topic}"),
    "statement": ("Déclaration sur {topic}", "Déclaration commune sur {topic}"),
    "training": ("Manuel de formation sur {topic}", "Module d'apprentissage en ligne sur {topic}"),
    "other": ("Note d'information sur {topic}", "Fiche d'information sur {topic}"),
}

SENTENCES = (
    "La discussion a porté sur {topic}.",
    "Les participants ont échangé leurs expériences nationales et régionales concernant {topic}.",
    "La réunion a recensé les lacunes et les priorités concernant {topic}.",
    "Le groupe est convenu de partager, avant sa prochaine réunion, les bonnes pratiques concernant {topic}.",
    "Plusieurs États Membres ont sollicité une assistance technique supplémentaire sur {topic}.",
    "Ce document s'adresse aux décideurs et aux praticiens qui travaillent sur {topic}.",
    "Les entités ont été invitées à contribuer aux travaux communs sur {topic}.",
    "Un bref questionnaire sur {topic} sera transmis aux points focaux.",
)

POST_TITLES = (
    "Appel à contributions\u00a0: {topic}",
    "Vos observations sur le projet de note concernant {topic}",
    "Webinaire à venir sur {topic}",
    "Demande d'informations sur {topic}",
    "Nouvelles orientations sur {topic}",
)

REPLY_OPENINGS = (
    "Merci pour ce partage.",
    "Merci beaucoup, c'est très utile.",
    "Veuillez trouver nos observations ci-dessous.",
    "Notre équipe serait heureuse d'y contribuer.",
    "Nous appuyons cette proposition.",
)

ENTRY_TITLES = {
    "priority": (
        "Priorité nationale\u00a0: {topic}",
        "Renforcer les capacités nationales concernant {topic}",
        "Une stratégie nationale sur {topic}",
    ),
    "challenge": (
        "Lacunes concernant {topic}",
        "Ressources limitées pour {topic}",
        "Difficultés de coordination concernant {topic}",
    ),
    "good_practice": (
        "Bonne pratique concernant {topic}",
        "Enseignements tirés concernant {topic}",
        "Une approche mobilisant toute la société pour {topic}",
    ),
}

OVERVIEW = (
    "Notre pays a adopté une stratégie nationale de lutte contre le terrorisme et un plan d'action qui associent "
    "les ministères, les services de détection et de répression et la société civile."
)

# In the order of vocabulary.RECOMMENDATION_ACTIONS.
RECOMMENDATIONS = (
    "Envisager de renforcer le cadre juridique concernant {topic}.",
    "Mettre en place un mécanisme de coordination interinstitutions pour {topic}.",
    "Élaborer une formation spécialisée sur {topic} à l'intention des praticiens.",
    "Renforcer la coopération internationale et régionale concernant {topic}.",
    "Adopter une stratégie nationale globale couvrant {topic}.",
    "Veiller à ce que les mesures concernant {topic} soient conformes au droit international des droits de l'homme.",
    "Doter de ressources suffisantes les autorités qui travaillent sur {topic}.",
    "Renforcer la collecte et l'analyse de données sur {topic}.",
    "Associer la société civile à l'élaboration des politiques concernant {topic}.",
    "Procéder à une évaluation des risques concernant {topic} et l'actualiser régulièrement.",
)

# In the order of vocabulary.PROGRESS_NOTES.
PROGRESS_NOTES = (
    "Un projet de loi est soumis au Parlement.",
    "La formation des agents concernés a commencé cette année.",
    "Un groupe de travail interministériel a été créé.",
    "Mise en œuvre dans le cadre d'un plan d'action national adopté récemment.",
    "Une assistance technique a été demandée aux entités du Pacte.",
)

# In the order of library.VERSION_NOTES.
VERSION_NOTES = (
    "Révisé à la suite des observations des États Membres.",
    "Chiffres actualisés.",
    "Version définitive.",
    "Annexe corrigée.",
    "Traduction ajoutée.",
)
