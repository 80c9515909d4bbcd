"""The demo's texts in Chinese (Simplified). A topic is a noun phrase; sentences are joined without spaces."""

# ruff: noqa: RUF001  -- written in Chinese on purpose, full-width punctuation included

JOINER = ""

TOPICS = {
    "preventing violent extremism conducive to terrorism": "防止助长恐怖主义的暴力极端主义",
    "violent extremism in prisons": "监狱中的暴力极端主义",
    "education for the prevention of violent extremism": "通过教育防止暴力极端主义",
    "sport and the prevention of violent extremism": "体育与防止暴力极端主义",
    "racially and ethnically motivated violent extremism": "出于种族和族裔动机的暴力极端主义",
    "strategic communications": "战略传播",
    "border security and management": "边境安全与管理",
    "maritime security": "海上安全",
    "the management of porous land borders": "易渗透陆地边界的管理",
    "inter-agency information-sharing": "机构间信息共享",
    "counter-terrorism investigations": "反恐调查",
    "police cooperation against terrorism": "反恐警务合作",
    "new and emerging technologies": "新技术和新兴技术",
    "unmanned aircraft systems": "无人驾驶航空器系统",
    "the use of the Internet for terrorist purposes": "利用互联网实施恐怖主义",
    "responsible use of biometrics in counter-terrorism": "在反恐中负责任地使用生物识别技术",
    "artificial intelligence in counter-terrorism": "人工智能在反恐中的应用",
    "the protection of critical infrastructure": "关键基础设施保护",
    "cybersecurity of critical infrastructure": "关键基础设施网络安全",
    "chemical and biological terrorism": "化学和生物恐怖主义",
    "weapons of mass destruction and non-State actors": "大规模毁灭性武器与非国家行为者",
    "nuclear and radiological security": "核安保和放射性安保",
    "mutual legal assistance and extradition": "司法协助与引渡",
    "electronic evidence": "电子证据",
    "the use of battlefield evidence": "使用战场证据",
    "counter-terrorism legislation": "反恐立法",
    "countering the financing of terrorism": "打击资助恐怖主义",
    "virtual assets and terrorist financing": "虚拟资产与资助恐怖主义",
    "the non-profit sector and terrorist financing": "非营利部门与资助恐怖主义",
    "the ISIL (Da'esh) and Al-Qaida sanctions regime": "伊黎伊斯兰国（达伊沙）和基地组织制裁制度",
    "monitoring and evaluation of counter-terrorism programmes": "反恐方案的监测与评价",
    "resource mobilization for counter-terrorism": "为反恐调动资源",
    "national counter-terrorism strategies": "国家反恐战略",
    "regional counter-terrorism action plans": "区域反恐行动计划",
    "human rights compliance of counter-terrorism measures": "反恐措施遵守人权的情况",
    "the rights of the child in counter-terrorism contexts": "反恐背景下的儿童权利",
    "the role of parliaments in counter-terrorism": "议会在反恐中的作用",
    "support to victims of terrorism": "支助恐怖主义受害者",
    "the rights and needs of victims of terrorism": "恐怖主义受害者的权利和需求",
    "gender dimensions of counter-terrorism": "反恐的性别层面",
    "women's participation in preventing violent extremism": "妇女参与防止暴力极端主义",
    "youth engagement and empowerment": "青年参与和赋权",
    "youth-led prevention initiatives": "青年主导的预防举措",
    "aviation security": "航空安保",
    "airport and air cargo security": "机场和航空货运安保",
    "countering hate speech": "打击仇恨言论",
    "disinformation and conspiracy narratives": "虚假信息和阴谋论叙事",
    "prosecution, rehabilitation and reintegration": "起诉、改造和重返社会",
    "returning foreign terrorist fighters and their families": "回返的外国恐怖主义作战人员及其家属",
    "children associated with terrorist groups": "与恐怖团体有关联的儿童",
    "illicit small arms and light weapons": "非法小武器和轻武器",
    "improvised explosive devices": "简易爆炸装置",
    "links between terrorism and organized crime": "恐怖主义与有组织犯罪之间的联系",
    "the illicit trafficking of cultural property": "非法贩运文化财产",
    "Advance Passenger Information and Passenger Name Record data": "预报旅客资料和旅客姓名记录数据",
    "watchlists and the detection of terrorist travel": "监视名单和恐怖分子旅行的侦测",
    "the protection of vulnerable targets": "保护易受攻击目标",
    "the security of major sporting events": "大型体育赛事安保",
    "regional and international cooperation against terrorism": "区域和国际反恐合作",
    "South-South cooperation on counter-terrorism": "反恐领域的南南合作",
    "partnerships with civil society": "与民间社会的伙伴关系",
    "community engagement and resilience": "社区参与和社区复原力",
    "public-private partnerships in counter-terrorism": "反恐领域的公私伙伴关系",
}

DOCUMENT_TITLES = {
    "report": ("关于{topic}的报告", "{topic}进展报告"),
    "publication": ("{topic}手册", "{topic}良好做法汇编"),
    "guidance": ("关于{topic}的指导说明", "{topic}技术指南"),
    "policy": ("关于{topic}的政策简报", "关于{topic}的立场文件"),
    "meeting_summary": ("{topic}专家组会议摘要", "{topic}区域讲习班成果"),
    "concept_note": ("概念说明：{topic}区域讲习班", "{topic}高级别会议概念说明"),
    "presentation": ("关于{topic}的情况介绍", "{topic}简报幻灯片"),
    "statement": ("关于{topic}的声明", "关于{topic}的联合声明"),
    "training": ("{topic}培训手册", "{topic}在线学习单元"),
    "other": ("关于{topic}的资料说明", "{topic}情况简介"),
}

SENTENCES = (
    "讨论的重点是{topic}。",
    "与会者交流了在{topic}方面的国家和区域经验。",
    "会议确定了{topic}方面的差距和优先事项。",
    "工作组商定在下次会议之前分享{topic}方面的良好做法。",
    "若干会员国请求在{topic}方面提供更多技术援助。",
    "本文件面向从事{topic}工作的决策者和从业人员。",
    "已邀请各实体为{topic}方面的联合工作作出贡献。",
    "将向各协调人分发一份关于{topic}的简短调查问卷。",
)

POST_TITLES = (
    "征集意见：{topic}",
    "欢迎就{topic}说明草案提出意见",
    "即将举行的{topic}网络研讨会",
    "关于{topic}的信息请求",
    "{topic}新指导意见",
)

REPLY_OPENINGS = (
    "感谢分享。",
    "非常感谢，这很有帮助。",
    "我们的意见如下。",
    "我们团队很乐意作出贡献。",
    "我们支持这项提议。",
)

ENTRY_TITLES = {
    "priority": ("国家优先事项：{topic}", "加强{topic}方面的国家能力", "{topic}国家战略"),
    "challenge": ("{topic}方面的差距", "{topic}方面资源有限", "{topic}方面的协调挑战"),
    "good_practice": ("{topic}方面的良好做法", "{topic}方面的经验教训", "以全社会方式开展{topic}工作"),
}

OVERVIEW = "我国通过了国家反恐战略和行动计划，将各部委、执法机构和民间社会的力量汇聚在一起。"

# In the order of vocabulary.RECOMMENDATION_ACTIONS.
RECOMMENDATIONS = (
    "考虑加强{topic}方面的法律框架。",
    "建立{topic}方面的机构间协调机制。",
    "为从业人员开展{topic}方面的专门培训。",
    "加强{topic}方面的国际和区域合作。",
    "通过一项涵盖{topic}的全面国家战略。",
    "确保{topic}方面的措施符合国际人权法。",
    "为负责{topic}的主管部门分配充足资源。",
    "加强{topic}方面的数据收集和分析。",
    "让民间社会参与制定{topic}方面的政策。",
    "开展{topic}方面的风险评估并定期更新。",
)

# In the order of vocabulary.PROGRESS_NOTES.
PROGRESS_NOTES = (
    "一项法律草案已提交议会审议。",
    "有关官员的培训已于今年启动。",
    "已成立部际工作组。",
    "通过最近通过的国家行动计划加以落实。",
    "已请求契约实体提供技术援助。",
)

# In the order of library.VERSION_NOTES.
VERSION_NOTES = (
    "根据会员国的意见作了修订。",
    "更新了数字。",
    "最终版本。",
    "更正了附件。",
    "增加了译文。",
)
