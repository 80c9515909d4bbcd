"""What the demo's texts speak of: topics under the thematic area each belongs to, and the themes of each
working group's space. vocabulary.py draws from them; a text is drawn for its theme, so that what it
speaks of and what it is tagged with agree.
"""

from __future__ import annotations

# Subjects of documents, events, projects and discussions, written to follow "on", "for" or "of", under the
# name the reference data gives their thematic area.
THEME_TOPICS = {
    "Preventing and countering violent extremism": (
        "preventing violent extremism conducive to terrorism",
        "violent extremism in prisons",
        "education for the prevention of violent extremism",
        "sport and the prevention of violent extremism",
        "racially and ethnically motivated violent extremism",
        "strategic communications",
    ),
    "Border management": (
        "border security and management",
        "maritime security",
        "the management of porous land borders",
    ),
    "Law enforcement": (
        "inter-agency information-sharing",
        "counter-terrorism investigations",
        "police cooperation against terrorism",
    ),
    "Emerging threats and new technologies": (
        "new and emerging technologies",
        "unmanned aircraft systems",
        "the use of the Internet for terrorist purposes",
        "responsible use of biometrics in counter-terrorism",
        "artificial intelligence in counter-terrorism",
    ),
    "Critical infrastructure protection": (
        "the protection of critical infrastructure",
        "cybersecurity of critical infrastructure",
    ),
    "Chemical, biological, radiological and nuclear terrorism": (
        "chemical and biological terrorism",
        "weapons of mass destruction and non-State actors",
        "nuclear and radiological security",
    ),
    "Criminal justice and legal responses": (
        "mutual legal assistance and extradition",
        "electronic evidence",
        "the use of battlefield evidence",
        "counter-terrorism legislation",
    ),
    "Countering the financing of terrorism": (
        "countering the financing of terrorism",
        "virtual assets and terrorist financing",
        "the non-profit sector and terrorist financing",
        "the ISIL (Da'esh) and Al-Qaida sanctions regime",
    ),
    "Resource mobilization, monitoring and evaluation": (
        "monitoring and evaluation of counter-terrorism programmes",
        "resource mobilization for counter-terrorism",
    ),
    "National and regional counter-terrorism strategies": (
        "national counter-terrorism strategies",
        "regional counter-terrorism action plans",
    ),
    "Human rights and the rule of law": (
        "human rights compliance of counter-terrorism measures",
        "the rights of the child in counter-terrorism contexts",
        "the role of parliaments in counter-terrorism",
    ),
    "Victims of terrorism": (
        "support to victims of terrorism",
        "the rights and needs of victims of terrorism",
    ),
    "Gender equality and women, peace and security": (
        "gender dimensions of counter-terrorism",
        "women's participation in preventing violent extremism",
    ),
    "Youth engagement": (
        "youth engagement and empowerment",
        "youth-led prevention initiatives",
    ),
    "Aviation security": (
        "aviation security",
        "airport and air cargo security",
    ),
    "Hate speech": (
        "countering hate speech",
        "disinformation and conspiracy narratives",
    ),
    "Prosecution, rehabilitation and reintegration": (
        "prosecution, rehabilitation and reintegration",
        "returning foreign terrorist fighters and their families",
        "children associated with terrorist groups",
    ),
    "Small arms and light weapons": (
        "illicit small arms and light weapons",
        "improvised explosive devices",
    ),
    "Terrorism and organized crime": (
        "links between terrorism and organized crime",
        "the illicit trafficking of cultural property",
    ),
    "Countering terrorist travel": (
        "Advance Passenger Information and Passenger Name Record data",
        "watchlists and the detection of terrorist travel",
    ),
    "Protection of vulnerable targets": (
        "the protection of vulnerable targets",
        "the security of major sporting events",
    ),
    "Regional and international cooperation": (
        "regional and international cooperation against terrorism",
        "South-South cooperation on counter-terrorism",
    ),
    "Engagement with civil society, academia and the private sector": (
        "partnerships with civil society",
        "community engagement and resilience",
        "public-private partnerships in counter-terrorism",
    ),
}
TOPICS = tuple(topic for topics in THEME_TOPICS.values() for topic in topics)
THEME_OF_TOPIC = {topic: theme for theme, topics in THEME_TOPICS.items() for topic in topics}

# The themes each working group's space speaks of, by the group's short name.
GROUP_THEMES = {
    "PCVE": (
        "Preventing and countering violent extremism",
        "Youth engagement",
        "Hate speech",
        "Engagement with civil society, academia and the private sector",
    ),
    "BMLE": (
        "Border management",
        "Law enforcement",
        "Countering terrorist travel",
        "Aviation security",
        "Small arms and light weapons",
    ),
    "ETCIP": (
        "Emerging threats and new technologies",
        "Critical infrastructure protection",
        "Chemical, biological, radiological and nuclear terrorism",
        "Protection of vulnerable targets",
    ),
    "CJLR-CFT": (
        "Criminal justice and legal responses",
        "Countering the financing of terrorism",
        "Prosecution, rehabilitation and reintegration",
        "Terrorism and organized crime",
    ),
    "RMME": ("Resource mobilization, monitoring and evaluation",),
    "NARS": ("National and regional counter-terrorism strategies", "Regional and international cooperation"),
    "HRRoL-VoT": ("Human rights and the rule of law", "Victims of terrorism"),
    "GENDER": ("Gender equality and women, peace and security",),
}
