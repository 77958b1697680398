import { planDraftOf } from '../../src/modules/plan-export/plan-export.service';
import { importPlan } from '../../src/modules/plan-import/plan-import.service';
import { useSeededGraphql } from '../utils/seeded-graphql';
import { codesOf, writeFixture } from '../utils/write-fixtures';
import type { WriteFixture } from '../utils/write-fixtures';

const INDICATOR_FIELDS = `id version name catalogEntry { code unit }
  classification { code confidence phrase source }
  provinceTarget { id } provinceLinkSource targetComparison`;

describe('indicator catalogue, classification and the province → commune cascade', () => {
  const client = useSeededGraphql();
  const sql = (text: string, params?: unknown[]) => client.db().dataSource.query(text, params);
  let fx: WriteFixture;
  let year = 2050;

  beforeAll(async () => {
    fx = await writeFixture(client.db().dataSource);
  });

  const run = (query: string, variables: Record<string, unknown> = {}) => client.data(query, variables);
  const createPlan = async (owner: { communeId?: number; provinceId?: number }, planYear: number) => {
    const [row] = await sql(
      `INSERT INTO plan (commune_id, province_id, year, title) VALUES ($1, $2, $3, 'Kế hoạch thử') RETURNING id`,
      [owner.communeId ?? null, owner.provinceId ?? null, planYear],
    );
    return String(row.id);
  };
  const addIndicator = async (planId: string, name: string, targetText: string) =>
    (
      await run(
        `mutation($input: CreateIndicatorInput!) { createIndicator(input: $input) { ${INDICATOR_FIELDS} } }`,
        { input: { planId, areaCode: 'PROCEDURES', name, targetText } },
      )
    ).createIndicator;
  /** One indicator as the API shows it (through its plan: there is no Query.indicator). */
  const indicator = async (id: string) => {
    const [{ planId }] = await sql('SELECT plan_id AS "planId" FROM indicator WHERE id = $1', [Number(id)]);
    const { plan } = await run(
      `query($planId: ID!) { plan(id: $planId) { indicators { ${INDICATOR_FIELDS} } } }`,
      {
        planId: String(planId),
      },
    );
    return plan.indicators.find((x: { id: string }) => x.id === id);
  };
  /** A province plan and a commune plan of province 52 for a year of their own. */
  async function plans() {
    year += 1;
    return {
      year,
      province: await createPlan({ provinceId: fx.provinceId }, year),
      commune: await createPlan({ communeId: fx.commune.id }, year),
    };
  }

  it('lists the catalogue in order, with the phrases the classifier uses', async () => {
    const { indicatorCatalog } = await run(
      `{ indicatorCatalog { code position unit direction nameVi phrases version } }`,
    );
    expect(indicatorCatalog).toHaveLength(20);
    expect(indicatorCatalog.map((e: { position: number }) => e.position)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(indicatorCatalog[0]).toMatchObject({ code: 'DOSSIER_DIGITISATION', unit: 'PERCENT', version: 1 });
    for (const entry of indicatorCatalog) {
      expect(entry.phrases.length).toBeGreaterThan(0);
    }
  });

  it('classified the real plans when they were seeded, with confidence and phrase', async () => {
    const [row] = await sql(
      `SELECT i.id FROM indicator i JOIN plan p ON p.id = i.plan_id JOIN commune c ON c.id = p.commune_id
        WHERE c.code = 'ky-lac' AND i.name = 'Tỷ lệ thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia'`,
    );
    const found = await indicator(String(row.id));
    expect(found.classification).toEqual({
      code: 'ONLINE_PAYMENT',
      confidence: expect.any(Number),
      phrase: 'tỷ lệ thanh toán trực tuyến',
      source: 'AUTO',
    });
    expect(found.catalogEntry).toEqual({ code: 'ONLINE_PAYMENT', unit: 'PERCENT' });
    // An indicator of nothing in the catalogue stays unclassified.
    const [other] = await sql(`SELECT id FROM indicator WHERE name = 'Tỷ lệ hồ sơ TTHC trả trước hạn'`);
    expect((await indicator(String(other.id))).classification).toBeNull();
  });

  it('links a commune indicator to the province indicator of the same entry and year, and compares the targets', async () => {
    const p = await plans();
    const province = await addIndicator(p.province, 'Tỷ lệ thanh toán trực tuyến', 'Đạt trên 60%');
    const commune = await addIndicator(
      p.commune,
      'Tỷ lệ giao dịch thanh toán trực tuyến',
      'Đạt tối thiểu 70%',
    );
    expect(commune).toMatchObject({
      classification: { code: 'ONLINE_PAYMENT', source: 'AUTO' },
      provinceTarget: { id: province.id },
      provinceLinkSource: 'AUTO',
      targetComparison: 'STRICTER',
    });
    expect(province.targetComparison).toBe('NO_PROVINCE_TARGET');
    // The province raises its target: the commune's is now looser.
    await run(
      `mutation($id: ID!, $v: Int!) { updateIndicator(id: $id, version: $v, input: { targetText: "trên 80%" }) { id } }`,
      {
        id: province.id,
        v: province.version,
      },
    );
    expect((await indicator(commune.id)).targetComparison).toBe('LOOSER');

    // Several province indicators of one entry: the first by position; when it goes, the next.
    const second = await addIndicator(p.province, 'Tỷ lệ thanh toán trực tuyến (lần 2)', 'Đạt 70%');
    expect((await indicator(commune.id)).provinceTarget).toEqual({ id: province.id });
    const { version } = await indicator(province.id);
    await run(`mutation($id: ID!, $v: Int!) { deleteIndicator(id: $id, version: $v) }`, {
      id: province.id,
      v: version,
    });
    expect(await indicator(commune.id)).toMatchObject({
      provinceTarget: { id: second.id },
      targetComparison: 'SAME',
    });

    // A count against a percentage cannot be compared.
    const count = await addIndicator(p.commune, 'Số giao dịch thanh toán trực tuyến', 'Đạt 70 giao dịch');
    expect(count).toMatchObject({ provinceTarget: { id: second.id }, targetComparison: 'NOT_COMPARABLE' });

    // A commune indicator added before the province's is linked when the province's arrives.
    const early = await addIndicator(p.commune, 'Mức độ hài lòng của người dân', 'Đạt từ 95% trở lên');
    expect(early).toMatchObject({ provinceTarget: null, targetComparison: 'NO_PROVINCE_TARGET' });
    const satisfaction = await addIndicator(
      p.province,
      'Mức độ hài lòng của người dân, doanh nghiệp',
      'Tối thiểu 90%',
    );
    expect(await indicator(early.id)).toMatchObject({
      provinceTarget: { id: satisfaction.id },
      targetComparison: 'STRICTER',
    });
  });

  it('sets and clears a classification by hand (MANUAL, audited, versioned); links follow', async () => {
    const p = await plans();
    const payment = await addIndicator(p.province, 'Tỷ lệ thanh toán trực tuyến', 'trên 60%');
    const commune = await addIndicator(p.commune, 'Chỉ tiêu về thanh toán', 'Đạt 70%');
    expect(commune).toMatchObject({ classification: null, provinceTarget: null });

    const set = `mutation($id: ID!, $code: String, $v: Int) {
      setIndicatorClassification(indicatorId: $id, catalogCode: $code, expectedVersion: $v) { ${INDICATOR_FIELDS} } }`;
    const manual = (await run(set, { id: commune.id, code: 'ONLINE_PAYMENT', v: commune.version }))
      .setIndicatorClassification;
    expect(manual).toMatchObject({
      version: commune.version + 1,
      classification: { code: 'ONLINE_PAYMENT', confidence: null, phrase: null, source: 'MANUAL' },
      provinceTarget: { id: payment.id },
      targetComparison: 'STRICTER',
    });
    const audit = await sql(
      `SELECT action, old_values->>'catalogCode' AS old, new_values->>'catalogCode' AS new FROM audit_log
        WHERE entity = 'INDICATOR' AND entity_id = $1 ORDER BY id`,
      [Number(commune.id)],
    );
    expect(audit).toEqual([
      { action: 'CREATE', old: null, new: null },
      { action: 'UPDATE', old: null, new: 'ONLINE_PAYMENT' },
    ]);

    // Editing its text does not undo a MANUAL classification.
    await run(
      `mutation($id: ID!, $v: Int!) { updateIndicator(id: $id, version: $v, input: { name: "Mức độ hài lòng" }) { id } }`,
      {
        id: commune.id,
        v: manual.version,
      },
    );
    expect((await indicator(commune.id)).classification).toMatchObject({
      code: 'ONLINE_PAYMENT',
      source: 'MANUAL',
    });

    // Cleared by hand: unclassified, and it stays so; the link goes.
    const cleared = (await run(set, { id: commune.id, code: null })).setIndicatorClassification;
    expect(cleared).toMatchObject({
      classification: { code: null, source: 'MANUAL' },
      catalogEntry: null,
      provinceTarget: null,
      targetComparison: 'NO_PROVINCE_TARGET',
    });

    const stale = await client.execute(set, { id: commune.id, code: 'SATISFACTION', v: 1 });
    expect(codesOf(stale)).toEqual(['CONFLICT']);
    const unknown = await client.execute(set, { id: commune.id, code: 'NO_SUCH_ENTRY' });
    expect(codesOf(unknown)).toEqual(['BAD_USER_INPUT']);
    expect(unknown.errors![0].message).toMatch(/not a code of the indicator catalogue/);
  });

  it('links by hand (MANUAL), which relinking leaves alone; refuses a link outside the province plan of the year', async () => {
    const p = await plans();
    const payment = await addIndicator(p.province, 'Tỷ lệ thanh toán trực tuyến', 'trên 60%');
    const other = await addIndicator(p.province, 'Chỉ tiêu riêng của tỉnh về thanh toán', 'trên 50%');
    const commune = await addIndicator(p.commune, 'Tỷ lệ thanh toán trực tuyến', 'Đạt 70%');
    expect(commune.provinceTarget).toEqual({ id: payment.id });

    const link = `mutation($id: ID!, $to: ID, $v: Int) {
      linkProvinceIndicator(indicatorId: $id, provinceIndicatorId: $to, expectedVersion: $v) { ${INDICATOR_FIELDS} } }`;
    const linked = (await run(link, { id: commune.id, to: other.id, v: commune.version }))
      .linkProvinceIndicator;
    expect(linked).toMatchObject({
      provinceTarget: { id: other.id },
      provinceLinkSource: 'MANUAL',
      targetComparison: 'STRICTER',
    });
    // A change of the province plan relinks AUTO links only.
    await addIndicator(p.province, 'Tỷ lệ thanh toán trực tuyến', 'trên 65%');
    expect((await indicator(commune.id)).provinceTarget).toEqual({ id: other.id });
    // Unlinked by hand stays unlinked.
    const unlinked = (await run(link, { id: commune.id, to: null })).linkProvinceIndicator;
    expect(unlinked).toMatchObject({ provinceTarget: null, provinceLinkSource: 'MANUAL' });
    await addIndicator(p.province, 'Tỷ lệ thanh toán trực tuyến', 'trên 66%');
    expect((await indicator(commune.id)).provinceTarget).toBeNull();

    const elsewhere = await plans();
    const otherYear = await addIndicator(elsewhere.province, 'Tỷ lệ thanh toán trực tuyến', 'trên 60%');
    const refused = await client.execute(link, { id: commune.id, to: otherYear.id });
    expect(codesOf(refused)).toEqual(['BAD_USER_INPUT']);
    const fromProvince = await client.execute(link, { id: payment.id, to: null });
    expect(codesOf(fromProvince)).toEqual(['BAD_USER_INPUT']);
    const stale = await client.execute(link, { id: commune.id, to: null, v: 1 });
    expect(codesOf(stale)).toEqual(['CONFLICT']);
  });

  it('keeps MANUAL classifications and links across a re-import of the plan', async () => {
    const p = await plans();
    const payment = await addIndicator(p.province, 'Tỷ lệ thanh toán trực tuyến', 'trên 60%');
    const special = await addIndicator(p.province, 'Chỉ tiêu riêng của tỉnh', 'trên 50%');
    const classified = await addIndicator(p.commune, 'Chỉ tiêu về thanh toán', 'Đạt 70%');
    const linked = await addIndicator(p.commune, 'Tỷ lệ thanh toán trực tuyến', 'Đạt 75%');
    const auto = await addIndicator(p.commune, 'Tỷ lệ giao dịch thanh toán trực tuyến', 'Đạt 80%');
    await run(
      `mutation($id: ID!) { setIndicatorClassification(indicatorId: $id, catalogCode: "ONLINE_PAYMENT") { id } }`,
      {
        id: classified.id,
      },
    );
    await run(
      `mutation($id: ID!, $to: ID!) { linkProvinceIndicator(indicatorId: $id, provinceIndicatorId: $to) { id } }`,
      {
        id: linked.id,
        to: special.id,
      },
    );
    await sql(
      `INSERT INTO task (plan_id, area_code, position, ordinal, name) VALUES ($1, 'PROCEDURES', 1, '1', 'Nhiệm vụ')`,
      [Number(p.commune)],
    );
    const { draft } = await planDraftOf(client.db().dataSource, { communeCode: fx.commune.code }, p.year);
    await importPlan(client.db().dataSource, { communeCode: fx.commune.code, year: p.year, draft });

    const rows = await sql(
      `SELECT name, catalog_code AS code, catalog_source AS source, province_indicator_id AS "provinceId",
              province_link_source AS "linkSource"
         FROM indicator WHERE plan_id = $1 ORDER BY position`,
      [Number(p.commune)],
    );
    expect(rows).toEqual([
      {
        name: 'Chỉ tiêu về thanh toán',
        code: 'ONLINE_PAYMENT',
        source: 'MANUAL',
        provinceId: Number(payment.id),
        linkSource: 'AUTO',
      },
      {
        name: 'Tỷ lệ thanh toán trực tuyến',
        code: 'ONLINE_PAYMENT',
        source: 'AUTO',
        provinceId: Number(special.id),
        linkSource: 'MANUAL',
      },
      {
        name: auto.name,
        code: 'ONLINE_PAYMENT',
        source: 'AUTO',
        provinceId: Number(payment.id),
        linkSource: 'AUTO',
      },
    ]);
  });

  it('lets ADMIN add and edit catalogue entries (audited, versioned), with phrases checked', async () => {
    const upsert = `mutation($input: IndicatorCatalogEntryInput!, $v: Int) {
      upsertIndicatorCatalogEntry(input: $input, expectedVersion: $v) { code position version phrases } }`;
    const input = {
      code: 'E_INVOICES',
      nameVi: 'Tỷ lệ hóa đơn điện tử',
      nameEn: 'Electronic invoices',
      unit: 'PERCENT',
      direction: 'INCREASE',
      definition: 'Share of invoices issued electronically.',
      phrases: ['hóa đơn điện tử'],
    };
    const created = (await run(upsert, { input })).upsertIndicatorCatalogEntry;
    expect(created).toEqual({ code: 'E_INVOICES', position: 21, version: 1, phrases: ['hóa đơn điện tử'] });
    // The classifier uses it for what is stored from now on.
    const p = await plans();
    expect((await addIndicator(p.commune, 'Tỷ lệ hóa đơn điện tử', 'Đạt 90%')).classification).toMatchObject({
      code: 'E_INVOICES',
    });

    const update = `mutation($v: Int!, $phrases: [String!]) {
      updateIndicatorCatalogEntry(code: "E_INVOICES", version: $v, input: { phrases: $phrases }) { version phrases } }`;
    const updated = (await run(update, { v: 1, phrases: ['hóa đơn điện tử', '-giấy'] }))
      .updateIndicatorCatalogEntry;
    expect(updated).toEqual({ version: 2, phrases: ['hóa đơn điện tử', '-giấy'] });
    expect(codesOf(await client.execute(update, { v: 1, phrases: ['x'] }))).toEqual(['CONFLICT']);
    expect(codesOf(await client.execute(update, { v: 2, phrases: ['-giấy'] }))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await client.execute(update, { v: 2, phrases: ['…'] }))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await client.execute(upsert, { input, v: 1 }))).toEqual(['CONFLICT']);
    // The unit cannot change under classified indicators.
    expect(codesOf(await client.execute(upsert, { input: { ...input, unit: 'COUNT' } }))).toEqual([
      'CONFLICT',
    ]);

    const audit = await sql(
      `SELECT action, entity_id AS "entityId", new_values->>'code' AS code FROM audit_log
        WHERE entity = 'INDICATOR_CATALOG' ORDER BY id`,
    );
    expect(audit).toEqual([
      { action: 'CREATE', entityId: 21, code: 'E_INVOICES' },
      { action: 'UPDATE', entityId: 21, code: 'E_INVOICES' },
    ]);
  });
});
