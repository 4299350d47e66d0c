#!/usr/bin/env python3
"""Generates N realistic complaints as JSON lines for `kesu import`, from
the negative reviews in ../shared/data/reviews (Chinese shoppers' and
food-delivery customers' own words) and, for a few percent, US CFPB
narratives in English. Creation times are spread over the last two years,
oldest first. Deterministic for a given --seed.

    bench/gen.py 1000000 > /tmp/complaints.jsonl
"""
import argparse
import csv
import datetime
import json
import os
import pathlib
import random
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
# the shared data beside the checkout, or where KESU_SHARED says (as the
# browser tests' harness)
SHARED = pathlib.Path(os.environ.get("KESU_SHARED", ROOT.parent / "shared")) / "data"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅鑫波斌宇浩凯健俊帆帅旭宁龙林欣雪婷玉兰萍鹏辉佳琪晨阳颖倩思远"

CAT = {  # review category -> (object kind, object names, complaint categories)
    "书籍": ("product", ["图书", "精装书", "教辅套装"], ["质量问题", "物流配送", "期望落差"]),
    "平板": ("product", ["平板电脑", "10英寸平板", "学习平板"], ["质量问题", "虚假宣传", "服务效率"]),
    "手机": ("product", ["智能手机", "5G手机", "手机充电器"], ["质量问题", "价格/收费", "服务态度"]),
    "水果": ("order", ["生鲜水果", "进口车厘子", "脐橙礼盒"], ["质量问题", "物流配送", "期望落差"]),
    "洗发水": ("product", ["洗发水", "护发素套装"], ["虚假宣传", "质量问题", "期望落差"]),
    "热水器": ("product", ["电热水器", "燃气热水器", "60升热水器"], ["质量问题", "服务态度", "服务效率"]),
    "蒙牛": ("product", ["纯牛奶", "酸奶"], ["质量问题", "物流配送"]),
    "衣服": ("product", ["羽绒服", "连衣裙", "运动鞋"], ["质量问题", "期望落差", "制度/流程问题"]),
    "计算机": ("product", ["笔记本电脑", "台式机", "显示器"], ["质量问题", "服务效率", "沟通措辞不当"]),
    "酒店": ("service", ["商务大床房", "家庭套房", "酒店早餐"], ["服务态度", "期望落差", "价格/收费"]),
    "外卖": ("order", ["外卖订单", "午餐套餐", "奶茶"], ["物流配送", "质量问题", "服务态度"]),
}
DEMANDS = ["全额退款", "退货退款", "换一台新的", "上门维修", "赔偿损失", "给个说法", "道歉并改进",
           "补发商品", "退还差价", "尽快处理，不要再拖", "要求经理出面解决", "赔偿并道歉"]
RESOLUTION = {"全额退款": "refund", "退货退款": "refund", "换一台新的": "exchange", "上门维修": "repair",
              "赔偿损失": "compensation", "给个说法": "explanation", "道歉并改进": "apology",
              "补发商品": "other", "退还差价": "refund", "尽快处理，不要再拖": "other",
              "要求经理出面解决": "other", "赔偿并道歉": "compensation"}
CHANNELS = ["web"] * 30 + ["app"] * 25 + ["phone"] * 15 + ["platform"] * 12 + ["email"] * 6 + \
    ["social"] * 5 + ["store"] * 5 + ["regulator"] * 2
SEVERITY = ["normal"] * 60 + ["low"] * 20 + ["high"] * 17 + ["critical"] * 3
EMOTION = ["calm"] * 20 + ["upset"] * 45 + ["angry"] * 28 + ["furious"] * 7
MINDSET = ["vent"] * 35 + ["respect"] * 25 + ["compensation"] * 40


CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))
CONTROL.update({0x7f: None})


def clean(t):
    """Drops control characters, which kesu refuses (they come from pasting)."""
    return t.translate(CONTROL).strip()


def load_reviews():
    texts = []
    with open(SHARED / "reviews" / "online_shopping_10_cats.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            t = clean((row["review"] or "").replace("\ufeff", ""))
            if row["label"] == "0" and len(t) >= 8:
                texts.append((row["cat"], t))
    with open(SHARED / "reviews" / "waimai_10k.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            t = clean(row["review"] or "")
            if row["label"] == "0" and len(t) >= 8:
                texts.append(("外卖", t))
    english = []
    p = SHARED / "cfpb" / "cfpb_narratives_1532.csv"
    if p.exists():
        with open(p, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                t = clean(row.get("Consumer complaint narrative") or "")
                if t:
                    english.append((row.get("Product") or "other", t[:3000]))
    return texts, english


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--days", type=int, default=730)
    ap.add_argument("--bodies", action="store_true",
                    help="print bare registration bodies (for the create benchmark)")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    texts, english = load_reviews()
    customers = max(1, int(a.n * 0.7))  # about 30% of complaints come from repeat complainants
    now = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)
    start = now - datetime.timedelta(days=a.days)
    span = (now - start).total_seconds()
    out = sys.stdout
    for i in range(a.n):
        cust = rnd.randrange(customers)
        crnd = random.Random(cust * 7919 + a.seed)
        name = crnd.choice(SURNAMES) + "".join(crnd.choice(GIVEN) for _ in range(crnd.choice((1, 2))))
        phone = "1%d%09d" % (crnd.choice((3, 5, 7, 8, 9)), cust)
        complainant = {"name": name, "phone": phone}
        if crnd.random() < 0.3:
            complainant["email"] = "user%d@example.cn" % cust
        if rnd.random() < 0.03 and english:
            product, content = rnd.choice(english)
            body = {"channel": rnd.choice(CHANNELS), "complainant": complainant,
                    "object": {"kind": "service", "name": product[:200]},
                    "content": content, "demand": "Please correct this and respond.",
                    "severity": rnd.choice(SEVERITY), "language": "en", "category": "其他"}
        else:
            cat, content = rnd.choice(texts)
            if len(content) < 40 and rnd.random() < 0.5:
                content += "。" + rnd.choice(texts)[1]
            kind, names, cats = CAT[cat]
            demand = rnd.choice(DEMANDS)
            body = {
                "channel": rnd.choice(CHANNELS),
                "complainant": complainant,
                "object": {"kind": kind, "ref": "%s%d%06d" % (rnd.choice(("JD", "TB", "PDD", "MT")),
                                                              2024 + i * 3 // a.n, i % 1000000),
                           "name": rnd.choice(names)},
                "content": content[:4000],
                "demand": demand,
                "desired_resolution": RESOLUTION[demand],
                "severity": rnd.choice(SEVERITY),
                "emotion": rnd.choice(EMOTION),
                "mindset": rnd.choice(MINDSET),
                "category": rnd.choice(cats),
                "language": "zh-CN",
            }
        if a.bodies:
            out.write(json.dumps(body, ensure_ascii=False) + "\n")
            continue
        at = start + datetime.timedelta(seconds=span * i / a.n)
        line = {"created_at": at.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (at.microsecond // 1000),
                "complaint": body}
        out.write(json.dumps(line, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
