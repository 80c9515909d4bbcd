"""The demo's texts in Spanish. A topic carries its article and follows "sobre", "en" or "con" (never "de" or
"a", which would contract with "el")."""

JOINER = " "

TOPICS = {
    "preventing violent extremism conducive to terrorism": (
        "la prevención del extremismo violento que conduce al terrorismo"
    ),
    "violent extremism in prisons": "el extremismo violento en las cárceles",
    "education for the prevention of violent extremism": "la educación para la prevención del extremismo violento",
    "sport and the prevention of violent extremism": "el deporte y la prevención del extremismo violento",
    "racially and ethnically motivated violent extremism": "el extremismo violento por motivos raciales o étnicos",
    "strategic communications": "las comunicaciones estratégicas",
    "border security and management": "la seguridad y la gestión de las fronteras",
    "maritime security": "la seguridad marítima",
    "the management of porous land borders": "la gestión de las fronteras terrestres porosas",
    "inter-agency information-sharing": "el intercambio de información entre organismos",
    "counter-terrorism investigations": "las investigaciones antiterroristas",
    "police cooperation against terrorism": "la cooperación policial contra el terrorismo",
    "new and emerging technologies": "las tecnologías nuevas y emergentes",
    "unmanned aircraft systems": "los sistemas de aeronaves no tripuladas",
    "the use of the Internet for terrorist purposes": "el uso de Internet con fines terroristas",
    "responsible use of biometrics in counter-terrorism": (
        "el uso responsable de la biometría en la lucha contra el terrorismo"
    ),
    "artificial intelligence in counter-terrorism": "la inteligencia artificial en la lucha contra el terrorismo",
    "the protection of critical infrastructure": "la protección de la infraestructura crítica",
    "cybersecurity of critical infrastructure": "la ciberseguridad de la infraestructura crítica",
    "chemical and biological terrorism": "el terrorismo químico y biológico",
    "weapons of mass destruction and non-State actors": ("las armas de destrucción masiva y los agentes no estatales"),
    "nuclear and radiological security": "la seguridad nuclear y radiológica",
    "mutual legal assistance and extradition": "la asistencia judicial recíproca y la extradición",
    "electronic evidence": "las pruebas electrónicas",
    "the use of battlefield evidence": "el uso de pruebas obtenidas en el campo de batalla",
    "counter-terrorism legislation": "la legislación antiterrorista",
    "countering the financing of terrorism": "la lucha contra la financiación del terrorismo",
    "virtual assets and terrorist financing": "los activos virtuales y la financiación del terrorismo",
    "the non-profit sector and terrorist financing": ("el sector sin fines de lucro y la financiación del terrorismo"),
    "the ISIL (Da'esh) and Al-Qaida sanctions regime": "el régimen de sanciones contra el EIIL (Dáesh) y Al-Qaida",
    "monitoring and evaluation of counter-terrorism programmes": (
        "el seguimiento y la evaluación de los programas de lucha contra el terrorismo"
    ),
    "resource mobilization for counter-terrorism": ("la movilización de recursos para la lucha contra el terrorismo"),
    "national counter-terrorism strategies": "las estrategias nacionales de lucha contra el terrorismo",
    "regional counter-terrorism action plans": "los planes de acción regionales de lucha contra el terrorismo",
    "human rights compliance of counter-terrorism measures": (
        "el respeto de los derechos humanos en las medidas antiterroristas"
    ),
    "the rights of the child in counter-terrorism contexts": (
        "los derechos del niño en contextos de lucha contra el terrorismo"
    ),
    "the role of parliaments in counter-terrorism": "el papel de los parlamentos en la lucha contra el terrorismo",
    "support to victims of terrorism": "el apoyo a las víctimas del terrorismo",
    "the rights and needs of victims of terrorism": "los derechos y las necesidades de las víctimas del terrorismo",
    "gender dimensions of counter-terrorism": "las dimensiones de género de la lucha contra el terrorismo",
    "women's participation in preventing violent extremism": (
        "la participación de las mujeres en la prevención del extremismo violento"
    ),
    "youth engagement and empowerment": "la participación y el empoderamiento de los jóvenes",
    "youth-led prevention initiatives": "las iniciativas de prevención dirigidas por jóvenes",
    "aviation security": "la seguridad de la aviación",
    "airport and air cargo security": "la seguridad de los aeropuertos y de la carga aérea",
    "countering hate speech": "la lucha contra el discurso de odio",
    "disinformation and conspiracy narratives": "la desinformación y los relatos conspirativos",
    "prosecution, rehabilitation and reintegration": "el enjuiciamiento, la rehabilitación y la reintegración",
    "returning foreign terrorist fighters and their families": (
        "los combatientes terroristas extranjeros retornados y sus familias"
    ),
    "children associated with terrorist groups": "los niños vinculados a grupos terroristas",
    "illicit small arms and light weapons": "las armas pequeñas y ligeras ilícitas",
    "improvised explosive devices": "los artefactos explosivos improvisados",
    "links between terrorism and organized crime": "los vínculos entre el terrorismo y la delincuencia organizada",
    "the illicit trafficking of cultural property": "el tráfico ilícito de bienes culturales",
    "Advance Passenger Information and Passenger Name Record data": (
        "la información anticipada sobre los pasajeros y el registro de nombres de los pasajeros"
    ),
    "watchlists and the detection of terrorist travel": (
        "las listas de vigilancia y la detección de los viajes de terroristas"
    ),
    "the protection of vulnerable targets": "la protección de los objetivos vulnerables",
    "the security of major sporting events": "la seguridad de los grandes eventos deportivos",
    "regional and international cooperation against terrorism": (
        "la cooperación regional e internacional contra el terrorismo"
    ),
    "South-South cooperation on counter-terrorism": "la cooperación Sur-Sur en la lucha contra el terrorismo",
    "partnerships with civil society": "las alianzas con la sociedad civil",
    "community engagement and resilience": "la participación y la resiliencia de las comunidades",
    "public-private partnerships in counter-terrorism": (
        "las alianzas público-privadas en la lucha contra el terrorismo"
    ),
}

DOCUMENT_TITLES = {
    "report": ("Informe sobre {topic}", "Informe sobre los progresos en relación con {topic}"),
    "publication": ("Manual sobre {topic}", "Compendio de buenas prácticas sobre {topic}"),
    "guidance": ("Nota de orientación sobre {topic}", "Guía técnica sobre {topic}"),
    "policy": ("Nota de política sobre {topic}", "Documento de posición sobre {topic}"),
    "meeting_summary": (
        "Resumen de la reunión del grupo de expertos sobre {topic}",
        "Resultados del taller regional sobre {topic}",
    ),
    "concept_note": (
        "Nota conceptual: taller regional sobre {topic}",
        "Nota conceptual de la conferencia de alto nivel sobre {topic}",
    ),
    "presentation": ("Presentación sobre {topic}", "Diapositivas informativas sobre {topic}"),
    "statement": ("Declaración sobre {topic}", "Declaración conjunta sobre {topic}"),
    "training": ("Manual de capacitación sobre {topic}", "Módulo de aprendizaje en línea sobre {topic}"),
    "other": ("Nota informativa sobre {topic}", "Preguntas frecuentes sobre {topic}"),
}

SENTENCES = (
    "El debate se centró en {topic}.",
    "Los participantes intercambiaron experiencias nacionales y regionales sobre {topic}.",
    "En la reunión se determinaron las carencias y las prioridades en relación con {topic}.",
    "El grupo acordó compartir buenas prácticas sobre {topic} antes de la próxima reunión.",
    "Varios Estados Miembros solicitaron más asistencia técnica sobre {topic}.",
    "El documento está dirigido a los responsables de políticas y los profesionales que trabajan en {topic}.",
    "Se invitó a las entidades a contribuir a la labor conjunta sobre {topic}.",
    "Se distribuirá entre los coordinadores una breve encuesta sobre {topic}.",
)

POST_TITLES = (
    "Convocatoria de aportaciones sobre {topic}",
    "Comentarios sobre el proyecto de nota acerca de {topic}",
    "Próximo seminario web sobre {topic}",
    "Solicitud de información sobre {topic}",
    "Nuevas orientaciones sobre {topic}",
)

REPLY_OPENINGS = (
    "Gracias por compartirlo.",
    "Muchas gracias, es muy útil.",
    "A continuación figuran nuestras observaciones.",
    "Nuestro equipo contribuirá con mucho gusto.",
    "Apoyamos esta propuesta.",
)

ENTRY_TITLES = {
    "priority": (
        "Prioridad nacional: {topic}",
        "Fortalecimiento de las capacidades nacionales en relación con {topic}",
        "Una estrategia nacional sobre {topic}",
    ),
    "challenge": (
        "Carencias en relación con {topic}",
        "Recursos limitados para {topic}",
        "Problemas de coordinación en relación con {topic}",
    ),
    "good_practice": (
        "Buena práctica en relación con {topic}",
        "Lecciones aprendidas sobre {topic}",
        "Un enfoque que abarca a toda la sociedad para {topic}",
    ),
}

OVERVIEW = (
    "Nuestro país ha adoptado una estrategia nacional de lucha contra el terrorismo y un plan de acción que reúnen "
    "a los ministerios, los organismos encargados de hacer cumplir la ley y la sociedad civil."
)

# In the order of vocabulary.RECOMMENDATION_ACTIONS.
RECOMMENDATIONS = (
    "Considerar la posibilidad de reforzar el marco jurídico sobre {topic}.",
    "Establecer un mecanismo de coordinación interinstitucional para {topic}.",
    "Impartir a los profesionales capacitación especializada sobre {topic}.",
    "Mejorar la cooperación internacional y regional sobre {topic}.",
    "Adoptar una estrategia nacional integral que abarque {topic}.",
    "Velar por que las medidas sobre {topic} se ajusten al derecho internacional de los derechos humanos.",
    "Asignar recursos suficientes a las autoridades que trabajan en {topic}.",
    "Reforzar la recopilación y el análisis de datos sobre {topic}.",
    "Hacer participar a la sociedad civil en la formulación de políticas sobre {topic}.",
    "Realizar una evaluación de riesgos sobre {topic} y actualizarla periódicamente.",
)

# In the order of vocabulary.PROGRESS_NOTES.
PROGRESS_NOTES = (
    "Hay un proyecto de ley ante el Parlamento.",
    "Este año comenzó la capacitación de los funcionarios competentes.",
    "Se ha creado un grupo de trabajo interministerial.",
    "Se aplica mediante un plan de acción nacional aprobado recientemente.",
    "Se ha solicitado asistencia técnica a las entidades del Pacto.",
)

# In the order of library.VERSION_NOTES.
VERSION_NOTES = (
    "Revisado tras las observaciones de los Estados Miembros.",
    "Cifras actualizadas.",
    "Versión final.",
    "Anexo corregido.",
    "Traducción añadida.",
)
