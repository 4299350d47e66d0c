#!/usr/bin/env python3
"""Generates N neutral and negative reviews as a platform's export for
`kesu import --reviews`: CSV with the Chinese headers, a byte-order mark and
CRLF line ends, texts quoted (commas, quotes and line breaks in them). The
texts are the negative reviews in ../shared/data/reviews (shoppers' and
food-delivery customers' own words); platforms, ratings, stars and shops
vary; reviews are posted over the last --days days in Shanghai time.
Deterministic for a given --seed.

    bench/gen_reviews.py 100000 > /tmp/reviews.csv
"""
import argparse
import csv
import datetime
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402  (the same texts as the complaint data set)

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
PLATFORMS = ["淘宝"] * 30 + ["天猫"] * 20 + ["京东"] * 20 + ["拼多多"] * 12 + ["美团"] * 8 + \
    ["大众点评"] * 4 + ["抖音"] * 6
SHOPS = {"淘宝": ["小鱼家居店", "晨光数码专营"], "天猫": ["示例官方旗舰店"], "京东": ["京东自营", "示例京东旗舰店"],
         "拼多多": ["示例百货"], "美团": ["示例餐厅（万达店）"], "大众点评": ["示例餐厅（万达店）"],
         "抖音": ["示例抖音小店"]}
PRODUCTS = {"书籍": "图书", "平板": "学习平板", "手机": "5G手机", "水果": "脐橙礼盒", "洗发水": "洗发水",
            "热水器": "60升电热水器", "蒙牛": "纯牛奶", "衣服": "羽绒服", "计算机": "笔记本电脑",
            "酒店": "商务大床房", "外卖": "午餐套餐"}
HEADERS = ["平台", "店铺", "评价ID", "订单号", "买家昵称", "联系电话", "评价等级", "星级", "评价内容",
           "图片", "商品", "评价时间", "严重"]
NICK = "abcdefghijklmnopqrstuvwxyz小大老阿天晴云风月星"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--days", type=int, default=60)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    texts, _ = gen.load_reviews()
    # a minute back, so that no review lies in the future when it is read
    now = datetime.datetime.now(SHANGHAI) - datetime.timedelta(minutes=1)
    span = a.days * 86400
    posted = sorted(rnd.randrange(span) for _ in range(a.n))
    out = open(sys.stdout.fileno(), "w", encoding="utf-8", newline="", closefd=False)
    out.write("\ufeff")
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(HEADERS)
    for i in range(a.n):
        platform = rnd.choice(PLATFORMS)
        cat, text = rnd.choice(texts)
        negative = rnd.random() < 0.7
        at = now - datetime.timedelta(seconds=span - posted[i])
        nick = rnd.choice(NICK) + "***" + rnd.choice(NICK)
        w.writerow([
            platform,
            rnd.choice(SHOPS[platform]),
            # most exports carry the platform's review id; some do not
            f"{rnd.randrange(10**9, 10**10)}{i}" if rnd.random() < 0.8 else "",
            f"E{at:%Y%m%d}{i:07d}",
            nick,
            f"1{rnd.choice('3578')}{rnd.randrange(10**9):09d}" if rnd.random() < 0.5 else "",
            "差评" if negative else "中评",
            rnd.choice([1, 1, 2]) if negative else rnd.choice([2, 3, 3]),
            text[:5000],
            " ".join(f"https://img.example.com/r/{i}-{k}.jpg" for k in range(rnd.choice([0, 0, 0, 1, 3]))),
            PRODUCTS.get(cat, cat),
            at.strftime("%Y-%m-%d %H:%M:%S"),
            "是" if rnd.random() < 0.1 else "否",
        ])


if __name__ == "__main__":
    main()
