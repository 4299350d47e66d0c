-- 0029: prevention checklists (自我筛查, domain.md 10): what a team checks
-- on a schedule or before a campaign so that complaints do not arise, the
-- runs of a checklist, and each item's answer. A failed item may become an
-- improvement action (origin 'checklist', origin_id the run).

CREATE TABLE checklists (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,              -- JSON: free text, or {"zh-CN", "zh-TW", "en"}
	items TEXT NOT NULL,             -- JSON: [{"text": free text or by language, "kind"}]
	owner_role TEXT NOT NULL CHECK (owner_role IN ('agent', 'supervisor', 'manager')),
	frequency TEXT NOT NULL CHECK (frequency IN ('daily', 'weekly', 'on_demand')),
	team_id INTEGER REFERENCES teams(id),
	active INTEGER NOT NULL DEFAULT 1,
	checked_day INTEGER,             -- the last local day the scheduler looked at it
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	created_by TEXT NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX checklists_scheduled ON checklists(checked_day)
	WHERE active = 1 AND frequency IN ('daily', 'weekly');

-- One run of a checklist: its name and items as they were when it began.
CREATE TABLE checklist_runs (
	id INTEGER PRIMARY KEY,
	checklist_id INTEGER NOT NULL REFERENCES checklists(id),
	day INTEGER,                     -- the working day of a scheduled run; NULL on demand
	occasion TEXT,                   -- what a run on demand is for (a campaign)
	name TEXT NOT NULL,
	items TEXT NOT NULL,
	owner_role TEXT NOT NULL,
	team_id INTEGER REFERENCES teams(id),
	state TEXT NOT NULL CHECK (state IN ('open', 'done')),
	due_at INTEGER NOT NULL,
	overdue INTEGER NOT NULL DEFAULT 0, -- past due and said once
	created_at INTEGER NOT NULL,
	created_by TEXT NOT NULL,
	finished_at INTEGER,
	finished_by TEXT,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX checklist_runs_day ON checklist_runs(checklist_id, day) WHERE day IS NOT NULL;
CREATE INDEX checklist_runs_state ON checklist_runs(state, due_at, id);
CREATE INDEX checklist_runs_due ON checklist_runs(due_at) WHERE state = 'open' AND overdue = 0;

-- The answer to one item of a run (n from 1).
CREATE TABLE checklist_answers (
	run_id INTEGER NOT NULL REFERENCES checklist_runs(id),
	n INTEGER NOT NULL,
	result TEXT NOT NULL CHECK (result IN ('pass', 'fail', 'not_applicable')),
	note TEXT,
	attachments TEXT NOT NULL DEFAULT '[]', -- JSON: attachment ids
	action_id INTEGER REFERENCES improvement_actions(id),
	answered_at INTEGER NOT NULL,
	answered_by TEXT NOT NULL,
	PRIMARY KEY (run_id, n)
) WITHOUT ROWID;

-- The self-screening of the handbooks, shipped: six items, run before a
-- campaign (a supervisor may make it daily or weekly).
INSERT INTO checklists(name, items, owner_role, frequency, created_at, created_by, updated_at)
VALUES ('{"zh-CN":"自我筛查（大促与上新前）","zh-TW":"自我篩查（大促與上新前）","en":"Self-screening (before a campaign or a new listing)"}',
'[{"text":{"zh-CN":"检查商品链接和后台设置（价格、库存、运费模板、活动设置）是否正确","zh-TW":"檢查商品連結和後台設定（價格、庫存、運費範本、活動設定）是否正確","en":"Check the product links and the back-office settings (prices, stock, shipping templates, promotions)"}},
{"text":{"zh-CN":"检查主图和详情页，杜绝虚假宣传，符合《广告法》","zh-TW":"檢查主圖和詳情頁，杜絕虛假宣傳，符合《廣告法》","en":"Check the main images and detail pages: no false advertising, in line with the Advertising Law"}},
{"text":{"zh-CN":"价格、尺码由专人核对（写明核对人）","zh-TW":"價格、尺碼由專人核對（寫明核對人）","en":"Prices and sizes checked by a named person (name them)"}},
{"text":{"zh-CN":"抽查库存，排查变质、破损商品","zh-TW":"抽查庫存，排查變質、破損商品","en":"Sample the stock for spoilt or damaged goods"}},
{"text":{"zh-CN":"检查生产日期和保质期，临期商品做好标识","zh-TW":"檢查生產日期和保存期限，即期商品做好標示","en":"Check the production and expiry dates; mark the goods near expiry"}},
{"kind":"history","text":{"zh-CN":"筛查历史投诉，避免同类问题再次发生","zh-TW":"篩查歷史客訴，避免同類問題再次發生","en":"Screen the history of complaints so that nothing recurs"}}]',
'supervisor', 'on_demand', CAST(strftime('%s', 'now') AS INTEGER) * 1000, 'kesu',
CAST(strftime('%s', 'now') AS INTEGER) * 1000);
