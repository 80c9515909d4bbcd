"""The demo's texts in Arabic. A topic is a definite noun phrase in the genitive: it follows "بشأن", "في مجال" or
"على"."""

JOINER = " "

TOPICS = {
    "preventing violent extremism conducive to terrorism": "منع التطرف العنيف المفضي إلى الإرهاب",
    "violent extremism in prisons": "التطرف العنيف في السجون",
    "education for the prevention of violent extremism": "التعليم من أجل منع التطرف العنيف",
    "sport and the prevention of violent extremism": "الرياضة ومنع التطرف العنيف",
    "racially and ethnically motivated violent extremism": "التطرف العنيف بدوافع عنصرية وعرقية",
    "strategic communications": "الاتصالات الاستراتيجية",
    "border security and management": "أمن الحدود وإدارتها",
    "maritime security": "الأمن البحري",
    "the management of porous land borders": "إدارة الحدود البرية التي يسهل اختراقها",
    "inter-agency information-sharing": "تبادل المعلومات بين الأجهزة",
    "counter-terrorism investigations": "التحقيقات في قضايا الإرهاب",
    "police cooperation against terrorism": "التعاون الشرطي في مكافحة الإرهاب",
    "new and emerging technologies": "التكنولوجيات الجديدة والناشئة",
    "unmanned aircraft systems": "منظومات الطائرات بدون طيار",
    "the use of the Internet for terrorist purposes": "استخدام الإنترنت لأغراض إرهابية",
    "responsible use of biometrics in counter-terrorism": "الاستخدام المسؤول للقياسات الحيوية في مكافحة الإرهاب",
    "artificial intelligence in counter-terrorism": "الذكاء الاصطناعي في مكافحة الإرهاب",
    "the protection of critical infrastructure": "حماية البنية التحتية الحيوية",
    "cybersecurity of critical infrastructure": "الأمن السيبراني للبنية التحتية الحيوية",
    "chemical and biological terrorism": "الإرهاب الكيميائي والبيولوجي",
    "weapons of mass destruction and non-State actors": "أسلحة الدمار الشامل والجهات من غير الدول",
    "nuclear and radiological security": "الأمن النووي والإشعاعي",
    "mutual legal assistance and extradition": "المساعدة القانونية المتبادلة وتسليم المطلوبين",
    "electronic evidence": "الأدلة الإلكترونية",
    "the use of battlefield evidence": "استخدام الأدلة المستقاة من ساحات القتال",
    "counter-terrorism legislation": "تشريعات مكافحة الإرهاب",
    "countering the financing of terrorism": "مكافحة تمويل الإرهاب",
    "virtual assets and terrorist financing": "الأصول الافتراضية وتمويل الإرهاب",
    "the non-profit sector and terrorist financing": "القطاع غير الربحي وتمويل الإرهاب",
    "the ISIL (Da'esh) and Al-Qaida sanctions regime": (
        "نظام الجزاءات المفروضة على تنظيم الدولة الإسلامية (داعش) وتنظيم القاعدة"
    ),
    "monitoring and evaluation of counter-terrorism programmes": "رصد وتقييم برامج مكافحة الإرهاب",
    "resource mobilization for counter-terrorism": "حشد الموارد لمكافحة الإرهاب",
    "national counter-terrorism strategies": "الاستراتيجيات الوطنية لمكافحة الإرهاب",
    "regional counter-terrorism action plans": "خطط العمل الإقليمية لمكافحة الإرهاب",
    "human rights compliance of counter-terrorism measures": "امتثال تدابير مكافحة الإرهاب لحقوق الإنسان",
    "the rights of the child in counter-terrorism contexts": "حقوق الطفل في سياقات مكافحة الإرهاب",
    "the role of parliaments in counter-terrorism": "دور البرلمانات في مكافحة الإرهاب",
    "support to victims of terrorism": "دعم ضحايا الإرهاب",
    "the rights and needs of victims of terrorism": "حقوق ضحايا الإرهاب واحتياجاتهم",
    "gender dimensions of counter-terrorism": "الأبعاد الجنسانية لمكافحة الإرهاب",
    "women's participation in preventing violent extremism": "مشاركة المرأة في منع التطرف العنيف",
    "youth engagement and empowerment": "إشراك الشباب وتمكينهم",
    "youth-led prevention initiatives": "مبادرات الوقاية التي يقودها الشباب",
    "aviation security": "أمن الطيران",
    "airport and air cargo security": "أمن المطارات والشحن الجوي",
    "countering hate speech": "مكافحة خطاب الكراهية",
    "disinformation and conspiracy narratives": "التضليل الإعلامي وروايات المؤامرة",
    "prosecution, rehabilitation and reintegration": "الملاحقة القضائية وإعادة التأهيل وإعادة الإدماج",
    "returning foreign terrorist fighters and their families": "المقاتلين الإرهابيين الأجانب العائدين وأسرهم",
    "children associated with terrorist groups": "الأطفال المرتبطين بالجماعات الإرهابية",
    "illicit small arms and light weapons": "الأسلحة الصغيرة والأسلحة الخفيفة غير المشروعة",
    "improvised explosive devices": "الأجهزة المتفجرة المرتجلة",
    "links between terrorism and organized crime": "الصلات بين الإرهاب والجريمة المنظمة",
    "the illicit trafficking of cultural property": "الاتجار غير المشروع بالممتلكات الثقافية",
    "Advance Passenger Information and Passenger Name Record data": "المعلومات المسبقة عن الركاب وسجلات أسماء الركاب",
    "watchlists and the detection of terrorist travel": "قوائم المراقبة وكشف سفر الإرهابيين",
    "the protection of vulnerable targets": "حماية الأهداف الضعيفة",
    "the security of major sporting events": "أمن الأحداث الرياضية الكبرى",
    "regional and international cooperation against terrorism": "التعاون الإقليمي والدولي في مكافحة الإرهاب",
    "South-South cooperation on counter-terrorism": "التعاون فيما بين بلدان الجنوب في مكافحة الإرهاب",
    "partnerships with civil society": "الشراكات مع المجتمع المدني",
    "community engagement and resilience": "إشراك المجتمعات المحلية وتعزيز قدرتها على الصمود",
    "public-private partnerships in counter-terrorism": "الشراكات بين القطاعين العام والخاص في مكافحة الإرهاب",
}

DOCUMENT_TITLES = {
    "report": ("تقرير عن {topic}", "تقرير مرحلي بشأن {topic}"),
    "publication": ("دليل بشأن {topic}", "خلاصة الممارسات الجيدة في مجال {topic}"),
    "guidance": ("مذكرة توجيهية بشأن {topic}", "دليل تقني في مجال {topic}"),
    "policy": ("موجز سياساتي بشأن {topic}", "ورقة موقف بشأن {topic}"),
    "meeting_summary": ("ملخص اجتماع فريق الخبراء بشأن {topic}", "نتائج حلقة العمل الإقليمية بشأن {topic}"),
    "concept_note": (
        "مذكرة مفاهيمية: حلقة عمل إقليمية بشأن {topic}",
        "مذكرة مفاهيمية لمؤتمر رفيع المستوى بشأن {topic}",
    ),
    "presentation": ("عرض بشأن {topic}", "شرائح إحاطة بشأن {topic}"),
    "statement": ("بيان بشأن {topic}", "بيان مشترك بشأن {topic}"),
    "training": ("دليل تدريبي بشأن {topic}", "وحدة تعلم إلكتروني بشأن {topic}"),
    "other": ("مذكرة إعلامية بشأن {topic}", "صحيفة وقائع بشأن {topic}"),
}

SENTENCES = (
    "ركزت المناقشة على {topic}.",
    "تبادل المشاركون الخبرات الوطنية والإقليمية في مجال {topic}.",
    "حدد الاجتماع الثغرات والأولويات في مجال {topic}.",
    "اتفق الفريق على تبادل الممارسات الجيدة بشأن {topic} قبل اجتماعه المقبل.",
    "طلبت عدة دول أعضاء مزيدًا من المساعدة التقنية بشأن {topic}.",
    "هذه الوثيقة موجهة إلى واضعي السياسات والممارسين العاملين في مجال {topic}.",
    "دُعيت الكيانات إلى الإسهام في العمل المشترك بشأن {topic}.",
    "سيُعمَّم على جهات التنسيق استبيان قصير بشأن {topic}.",
)

POST_TITLES = (
    "دعوة إلى تقديم مساهمات بشأن {topic}",
    "نرحب بتعليقاتكم على مشروع المذكرة بشأن {topic}",
    "حلقة دراسية شبكية قادمة بشأن {topic}",
    "طلب معلومات بشأن {topic}",
    "توجيهات جديدة بشأن {topic}",
)

REPLY_OPENINGS = (
    "شكرًا على المشاركة.",
    "شكرًا جزيلًا، هذا مفيد جدًا.",
    "ترد ملاحظاتنا أدناه.",
    "يسعد فريقنا أن يسهم في ذلك.",
    "نؤيد هذا الاقتراح.",
)

ENTRY_TITLES = {
    "priority": (
        "أولوية وطنية في مجال {topic}",
        "تعزيز القدرات الوطنية في مجال {topic}",
        "استراتيجية وطنية بشأن {topic}",
    ),
    "challenge": ("ثغرات في مجال {topic}", "نقص الموارد في مجال {topic}", "تحديات التنسيق في مجال {topic}"),
    "good_practice": (
        "ممارسة جيدة في مجال {topic}",
        "الدروس المستفادة في مجال {topic}",
        "نهج يشمل المجتمع بأسره في مجال {topic}",
    ),
}

OVERVIEW = "اعتمد بلدنا استراتيجية وطنية لمكافحة الإرهاب وخطة عمل تجمعان الوزارات وأجهزة إنفاذ القانون والمجتمع المدني."

# In the order of vocabulary.RECOMMENDATION_ACTIONS.
RECOMMENDATIONS = (
    "النظر في تعزيز الإطار القانوني في مجال {topic}.",
    "إنشاء آلية تنسيق مشتركة بين الأجهزة في مجال {topic}.",
    "توفير تدريب متخصص للممارسين بشأن {topic}.",
    "تعزيز التعاون الدولي والإقليمي في مجال {topic}.",
    "اعتماد استراتيجية وطنية شاملة تغطي مسائل {topic}.",
    "كفالة امتثال التدابير المتخذة في مجال {topic} للقانون الدولي لحقوق الإنسان.",
    "تخصيص موارد كافية للسلطات المسؤولة عن {topic}.",
    "تعزيز جمع البيانات وتحليلها في مجال {topic}.",
    "إشراك المجتمع المدني في وضع السياسات في مجال {topic}.",
    "إجراء تقييم للمخاطر في مجال {topic} وتحديثه بانتظام.",
)

# In the order of vocabulary.PROGRESS_NOTES.
PROGRESS_NOTES = (
    "مشروع قانون معروض على البرلمان.",
    "بدأ تدريب الموظفين المعنيين هذا العام.",
    "أُنشئ فريق عامل مشترك بين الوزارات.",
    "يجري التنفيذ من خلال خطة عمل وطنية اعتُمدت مؤخرًا.",
    "طُلبت المساعدة التقنية من كيانات الاتفاق.",
)

# In the order of library.VERSION_NOTES.
VERSION_NOTES = (
    "نُقّحت في ضوء تعليقات الدول الأعضاء.",
    "تحديث الأرقام.",
    "الصيغة النهائية.",
    "تصحيح المرفق.",
    "إضافة الترجمة.",
)
