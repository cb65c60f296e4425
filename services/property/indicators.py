"""The built-in indicator set (考评指标): 60 indicators in three groups, each graded 0–5. A party's
100 points are weighted 40 / 30 / 30 over party building / environment / management (2, 1.5 and 1.5
per indicator), the emphasis of red property (党建引领). A tenant defines its own sets
(:mod:`services.property.indicator_sets`); this one is used when it has none. Codes are stable
(P/E/M + number)."""
from __future__ import annotations

PARTY = ["党组织覆盖", "党建指导员履职", "党员亮身份", "红色物业阵地", "参加三联办", "党员先锋岗",
         "主题党日进小区", "党建联席会议", "业委会党员比例", "交叉任职", "双报到党员参与", "志愿服务",
         "党建品牌", "为民办实事", "党员服务承诺", "组织生活会", "党建经费保障", "红色宣传", "党员示范楼栋", "党建台账"]
ENVIRONMENT = ["道路清扫", "垃圾分类", "垃圾清运", "绿化养护", "病虫害防治", "楼道卫生", "外墙立面",
               "水池水箱清洗", "化粪池清掏", "四害消杀", "宠物管理", "违章搭建劝阻", "噪声管控", "油烟管控",
               "积水防汛", "冬季除雪", "公共照明", "标识标牌", "环境整治专项", "文明创建"]
MANAGEMENT = ["服务合同履行", "收费公示", "公共收益公示", "维修资金使用", "设施设备维护", "电梯安全",
              "消防安全", "消防通道畅通", "安防巡逻", "门岗管理", "停车管理", "电动车充电安全", "投诉处理",
              "回访满意度", "应急预案演练", "档案管理", "人员持证上岗", "服务标准公示", "装修管理", "业主沟通"]
MAX_SCORE = 5
NAME = "默认考评指标体系"
GROUPS = {"party_building": ("P", PARTY, 2.0), "environment": ("E", ENVIRONMENT, 1.5),
          "management": ("M", MANAGEMENT, 1.5)}
INDICATORS = [{"code": f"{prefix}{n:02d}", "group": group, "name": name, "weight": weight, "max_score": MAX_SCORE}
              for group, (prefix, names, weight) in GROUPS.items() for n, name in enumerate(names, 1)]
CODES = [i["code"] for i in INDICATORS]
TOTAL = MAX_SCORE * len(INDICATORS)
