"""The demo's texts in Russian. A topic is in the genitive: it follows "в области", "по вопросам" and the like."""

# ruff: noqa: RUF001  -- written in Russian on purpose, Cyrillic letters that look like Latin ones included

JOINER = " "

TOPICS = {
    "preventing violent extremism conducive to terrorism": (
        "предупреждения насильственного экстремизма, ведущего к терроризму"
    ),
    "violent extremism in prisons": "насильственного экстремизма в местах лишения свободы",
    "education for the prevention of violent extremism": (
        "просвещения в целях предупреждения насильственного экстремизма"
    ),
    "sport and the prevention of violent extremism": "спорта и предупреждения насильственного экстремизма",
    "racially and ethnically motivated violent extremism": (
        "насильственного экстремизма на расовой и этнической почве"
    ),
    "strategic communications": "стратегических коммуникаций",
    "border security and management": "обеспечения безопасности границ и управления ими",
    "maritime security": "безопасности на море",
    "the management of porous land borders": "управления проницаемыми сухопутными границами",
    "inter-agency information-sharing": "межведомственного обмена информацией",
    "counter-terrorism investigations": "расследования террористических преступлений",
    "police cooperation against terrorism": "полицейского сотрудничества в борьбе с терроризмом",
    "new and emerging technologies": "новых и перспективных технологий",
    "unmanned aircraft systems": "беспилотных авиационных систем",
    "the use of the Internet for terrorist purposes": "использования Интернета в террористических целях",
    "responsible use of biometrics in counter-terrorism": (
        "ответственного использования биометрических данных в борьбе с терроризмом"
    ),
    "artificial intelligence in counter-terrorism": "применения искусственного интеллекта в борьбе с терроризмом",
    "the protection of critical infrastructure": "защиты критически важной инфраструктуры",
    "cybersecurity of critical infrastructure": "кибербезопасности критически важной инфраструктуры",
    "chemical and biological terrorism": "химического и биологического терроризма",
    "weapons of mass destruction and non-State actors": ("оружия массового уничтожения и негосударственных субъектов"),
    "nuclear and radiological security": "ядерной и радиационной безопасности",
    "mutual legal assistance and extradition": "взаимной правовой помощи и выдачи",
    "electronic evidence": "электронных доказательств",
    "the use of battlefield evidence": "использования доказательств, полученных в зонах боевых действий",
    "counter-terrorism legislation": "антитеррористического законодательства",
    "countering the financing of terrorism": "противодействия финансированию терроризма",
    "virtual assets and terrorist financing": "виртуальных активов и финансирования терроризма",
    "the non-profit sector and terrorist financing": "некоммерческого сектора и финансирования терроризма",
    "the ISIL (Da'esh) and Al-Qaida sanctions regime": "режима санкций в отношении ИГИЛ (ДАИШ) и «Аль-Каиды»",
    "monitoring and evaluation of counter-terrorism programmes": ("мониторинга и оценки антитеррористических программ"),
    "resource mobilization for counter-terrorism": "мобилизации ресурсов на борьбу с терроризмом",
    "national counter-terrorism strategies": "национальных стратегий противодействия терроризму",
    "regional counter-terrorism action plans": "региональных планов действий по борьбе с терроризмом",
    "human rights compliance of counter-terrorism measures": (
        "соблюдения прав человека при применении антитеррористических мер"
    ),
    "the rights of the child in counter-terrorism contexts": "прав ребенка в контексте борьбы с терроризмом",
    "the role of parliaments in counter-terrorism": "роли парламентов в борьбе с терроризмом",
    "support to victims of terrorism": "поддержки жертв терроризма",
    "the rights and needs of victims of terrorism": "прав и потребностей жертв терроризма",
    "gender dimensions of counter-terrorism": "гендерных аспектов борьбы с терроризмом",
    "women's participation in preventing violent extremism": (
        "участия женщин в предупреждении насильственного экстремизма"
    ),
    "youth engagement and empowerment": "вовлечения молодежи и расширения ее прав и возможностей",
    "youth-led prevention initiatives": "профилактических инициатив под руководством молодежи",
    "aviation security": "авиационной безопасности",
    "airport and air cargo security": "безопасности аэропортов и авиационных грузовых перевозок",
    "countering hate speech": "противодействия языку вражды",
    "disinformation and conspiracy narratives": "дезинформации и конспирологических нарративов",
    "prosecution, rehabilitation and reintegration": "уголовного преследования, реабилитации и реинтеграции",
    "returning foreign terrorist fighters and their families": (
        "возвращающихся иностранных боевиков-террористов и членов их семей"
    ),
    "children associated with terrorist groups": "детей, связанных с террористическими группами",
    "illicit small arms and light weapons": "незаконного оборота стрелкового оружия и легких вооружений",
    "improvised explosive devices": "самодельных взрывных устройств",
    "links between terrorism and organized crime": "связей между терроризмом и организованной преступностью",
    "the illicit trafficking of cultural property": "незаконного оборота культурных ценностей",
    "Advance Passenger Information and Passenger Name Record data": (
        "предварительной информации о пассажирах и записей регистрации пассажиров"
    ),
    "watchlists and the detection of terrorist travel": "списков наблюдения и выявления поездок террористов",
    "the protection of vulnerable targets": "защиты уязвимых объектов",
    "the security of major sporting events": "безопасности крупных спортивных мероприятий",
    "regional and international cooperation against terrorism": (
        "регионального и международного сотрудничества в борьбе с терроризмом"
    ),
    "South-South cooperation on counter-terrorism": "сотрудничества Юг — Юг в борьбе с терроризмом",
    "partnerships with civil society": "партнерства с гражданским обществом",
    "community engagement and resilience": "взаимодействия с общинами и повышения их устойчивости",
    "public-private partnerships in counter-terrorism": "государственно-частного партнерства в борьбе с терроризмом",
}

DOCUMENT_TITLES = {
    "report": ("Доклад по вопросам {topic}", "Доклад о ходе работы в области {topic}"),
    "publication": ("Справочник по вопросам {topic}", "Сборник передовой практики в области {topic}"),
    "guidance": ("Методические рекомендации по вопросам {topic}", "Техническое руководство в области {topic}"),
    "policy": ("Аналитическая записка по вопросам {topic}", "Позиционный документ по вопросам {topic}"),
    "meeting_summary": (
        "Резюме совещания группы экспертов по вопросам {topic}",
        "Итоги регионального семинара по вопросам {topic}",
    ),
    "concept_note": (
        "Концептуальная записка: региональный семинар по вопросам {topic}",
        "Концептуальная записка конференции высокого уровня по вопросам {topic}",
    ),
    "presentation": ("Презентация по вопросам {topic}", "Информационные слайды по вопросам {topic}"),
    "statement": ("Заявление по вопросам {topic}", "Совместное заявление по вопросам {topic}"),
    "training": ("Учебное пособие по вопросам {topic}", "Модуль электронного обучения по вопросам {topic}"),
    "other": ("Информационная записка по вопросам {topic}", "Справка по вопросам {topic}"),
}

SENTENCES = (
    "Обсуждение было посвящено вопросам {topic}.",
    "Участники обменялись национальным и региональным опытом в области {topic}.",
    "В ходе совещания были выявлены пробелы и приоритеты в области {topic}.",
    "Группа договорилась до следующего совещания обменяться передовой практикой в области {topic}.",
    "Ряд государств-членов запросил дополнительную техническую помощь по вопросам {topic}.",
    "Документ предназначен для директивных органов и специалистов-практиков, занимающихся вопросами {topic}.",
    "Структурам было предложено внести вклад в совместную работу в области {topic}.",
    "Координаторам будет разослана краткая анкета по тематике {topic}.",
)

POST_TITLES = (
    "Приглашение представить материалы по вопросам {topic}",
    "Просьба прокомментировать проект записки по вопросам {topic}",
    "Предстоящий вебинар по вопросам {topic}",
    "Запрос информации по вопросам {topic}",
    "Новые рекомендации в области {topic}",
)

REPLY_OPENINGS = (
    "Спасибо, что поделились.",
    "Большое спасибо, это очень полезно.",
    "Наши замечания приводятся ниже.",
    "Наша команда будет рада внести свой вклад.",
    "Мы поддерживаем это предложение.",
)

ENTRY_TITLES = {
    "priority": (
        "Национальный приоритет в области {topic}",
        "Укрепление национального потенциала в области {topic}",
        "Национальная стратегия в области {topic}",
    ),
    "challenge": (
        "Пробелы в области {topic}",
        "Нехватка ресурсов в области {topic}",
        "Проблемы координации в области {topic}",
    ),
    "good_practice": (
        "Передовая практика в области {topic}",
        "Извлеченные уроки в области {topic}",
        "Общегосударственный подход в области {topic}",
    ),
}

OVERVIEW = (
    "Наша страна приняла национальную стратегию противодействия терроризму и план действий, которые объединяют "
    "усилия министерств, правоохранительных органов и гражданского общества."
)

# In the order of vocabulary.RECOMMENDATION_ACTIONS.
RECOMMENDATIONS = (
    "Рассмотреть возможность укрепления правовой базы в области {topic}.",
    "Создать межведомственный механизм координации в области {topic}.",
    "Организовать специализированную подготовку специалистов-практиков по вопросам {topic}.",
    "Активизировать международное и региональное сотрудничество в области {topic}.",
    "Принять всеобъемлющую национальную стратегию, охватывающую вопросы {topic}.",
    "Обеспечить соответствие мер в области {topic} международному праву прав человека.",
    "Выделить достаточные ресурсы органам, отвечающим за вопросы {topic}.",
    "Улучшить сбор и анализ данных в области {topic}.",
    "Привлекать гражданское общество к разработке политики в области {topic}.",
    "Провести оценку рисков в области {topic} и регулярно ее обновлять.",
)

# In the order of vocabulary.PROGRESS_NOTES.
PROGRESS_NOTES = (
    "Законопроект внесен в парламент.",
    "В этом году началась подготовка соответствующих должностных лиц.",
    "Создана межведомственная рабочая группа.",
    "Выполняется в рамках недавно принятого национального плана действий.",
    "Направлен запрос о технической помощи структурам Договора.",
)

# In the order of library.VERSION_NOTES.
VERSION_NOTES = (
    "Пересмотрено с учетом замечаний государств-членов.",
    "Обновлены данные.",
    "Окончательный вариант.",
    "Исправлено приложение.",
    "Добавлен перевод.",
)
