import { Form, Link, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Fragment, useEffect, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { Pagination } from "~/components/ui/pagination";
import type { DiscoveryHit } from "~/modules/search/discovery.server";
import { clearFilters, DISCOVERY_INDEXES, discoveryQueryString, FACETS_BY_INDEX, hasFilters, SORTS_BY_INDEX, withFacet, type DiscoveryQuery, type FacetGroup } from "~/modules/search/query";
import type { HighlightSegment } from "@search/engine";
import { listText, type ListText } from "~/i18n/list-text";
import { formatDate } from "~/utils/dates";
import { formatMoney, formatRate } from "~/utils/money";
import type { loader } from "~/routes/search";

/** Matched words marked, the rest as plain text: a wrapper per unmatched run was two elements more per result. */
function Highlighted({ segments }: { segments: HighlightSegment[] }) {
  return (
    <>
      {segments.map((s, i) =>
        s.match ? (
          <mark key={i} className="hit-mark">
            {s.text}
          </mark>
        ) : (
          <Fragment key={i}>{s.text}</Fragment>
        ),
      )}
    </>
  );
}

function useFacetLabel() {
  const { t, i18n } = useTranslation(["search", "common", "financing"]);
  const { prefectures, query } = useLoaderData<typeof loader>();
  const zh = i18n.language.startsWith("zh");
  return (group: FacetGroup, value: string): string => {
    switch (group) {
      case "type":
        return query.index === "credit_products" ? t(`common:institutionTypes.${value}`, value) : t(`financing:instruments.${value}`, value);
      case "tier":
        return t(`common:tiers.${value}`, value);
      case "prefecture": {
        const p = prefectures.find((x) => x.code === value);
        return p ? (zh ? p.nameZh : p.nameEn) : value;
      }
      case "industry":
        return t(`common:industrySections.${value}`, value);
      case "collateral":
        return t(`financing:collateral.${value}`, value);
      case "srdi":
        return t(`search:srdi.${value}`, value);
    }
  };
}

/** One hit's line; the list's translations (`text`) are shared by its rows (ADR 0915). */
function HitCard({ hit, text, t, lng }: { hit: DiscoveryHit; text: ListText; t: TFunction; lng: string }) {
  const { label, fill } = text;
  const zh = lng.startsWith("zh");
  const meta: string[] = [];
  if (hit.kind === "financing_needs") {
    meta.push(hit.enterpriseName, label(`financing:instruments.${hit.financingType}`, hit.financingType), fill("search:hit.amount", "amount", formatMoney(hit.amountYuan, lng)));
    if (hit.prefectureZh) meta.push(hit.prefectureZh);
    if (hit.tier) meta.push(label(`common:tiers.${hit.tier}`));
    meta.push(label(`financing:audiences.${hit.audience}`), fill("financing:list.until", "date", hit.expiresOn));
    meta.push(fill("search:hit.updated", "date", formatDate(hit.updatedAt, lng)));
  } else if (hit.kind === "enterprises") {
    if (!zh && hit.nameEn) meta.push(hit.nameEn);
    const place = zh ? hit.prefectureZh : hit.prefectureEn;
    if (place) meta.push(place);
    if (hit.industrySection) meta.push(label(`common:industrySections.${hit.industrySection}`));
    if (hit.tier) meta.push(label(`common:tiers.${hit.tier}`));
    for (const s of hit.srdi) meta.push(label(`search:srdi.${s}`));
  } else {
    meta.push(hit.institutionName);
    if (hit.minAmountYuan !== null && hit.maxAmountYuan !== null)
      meta.push(t("search:hit.amountRange", { min: formatMoney(hit.minAmountYuan, lng), max: formatMoney(hit.maxAmountYuan, lng) }));
    if (hit.rateBpsMin !== null) meta.push(fill("search:hit.rate", "rate", formatRate(hit.rateBpsMin)));
    if (hit.termMonthsMax !== null) meta.push(fill("search:hit.term", "months", hit.termMonthsMax));
    for (const c of hit.collateralTypes) meta.push(label(`financing:collateral.${c}`, c));
  }
  return (
    <li data-testid={hit.kind === "financing_needs" ? "need-row" : undefined}>
      <Link to={hit.href} className="font-medium">
        <Highlighted segments={hit.title} />
      </Link>
      {hit.snippet.length ? (
        <p className="hit-snippet">
          <Highlighted segments={hit.snippet} />
        </p>
      ) : null}
      <p className="hit-meta">{meta.filter(Boolean).join(" · ")}</p>
    </li>
  );
}

function EmptyState({ query, examples }: { query: DiscoveryQuery; examples: string[] }) {
  const { t } = useTranslation("search");
  const label = useFacetLabel();
  const active = FACETS_BY_INDEX[query.index].flatMap((g) => query.facets[g].map((v) => ({ g, v })));
  return (
    <div className="space-y-3 py-8 text-sm text-slate-600">
      <p className="text-base font-medium text-slate-800">{t("empty.title")}</p>
      {hasFilters(query) ? (
        <div>
          <p>{t("empty.broaden")}</p>
          <ul className="mt-1 flex flex-wrap gap-2">
            {active.map(({ g, v }) => (
              <li key={`${g}:${v}`}>
                <Link className="badge" to={`?${discoveryQueryString(withFacet(query, g, v, false))}`}>
                  {t("empty.removeFilter", { label: label(g, v) })}
                </Link>
              </li>
            ))}
            <li>
              <Link className="badge" to={`?${discoveryQueryString(clearFilters(query))}`}>
                {t("page.clearFilters")}
              </Link>
            </li>
          </ul>
        </div>
      ) : null}
      {examples.length ? (
      <div>
        <p>{t("empty.examples")}</p>
        <ul className="mt-1 flex flex-wrap gap-2">
          {examples.map((example) => (
            <li key={example}>
              <Link className="badge" to={`?${discoveryQueryString(clearFilters({ ...query, q: example }))}`}>
                {example}
              </Link>
            </li>
          ))}
        </ul>
      </div>
      ) : null}
      {query.q.trim() ? (
        <ul className="flex flex-wrap gap-3">
          {DISCOVERY_INDEXES.filter((i) => i !== query.index).map((index) => (
            <li key={index}>
              <Link to={`?${discoveryQueryString(clearFilters({ ...query, index, sort: "relevance" }))}`}>{t("empty.otherIndex", { index: t(`index.${index}`) })}</Link>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function SearchPage() {
  const { t } = useTranslation(["search", "common"]);
  const { query, result, signedIn } = useLoaderData<typeof loader>();
  const label = useFacetLabel();
  const { t: hitT, i18n } = useTranslation(["search", "common", "financing"]);
  const text = useMemo(() => listText(hitT), [hitT]);
  const submit = useSubmit();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const qs = discoveryQueryString(query);
  const busy = navigation.state === "loading" && navigation.location?.pathname === "/search";

  // Back/forward: show the words of the URL unless the user is typing in the box.
  useEffect(() => {
    if (inputRef.current && document.activeElement !== inputRef.current) inputRef.current.value = query.q;
  }, [query.q]);
  useEffect(() => () => (timer.current ? clearTimeout(timer.current) : undefined), []);

  // Typing searches as you go (debounced; replaces the history entry so Back skips keystrokes);
  // ticking a facet or changing the sort is a step of its own (Back undoes it).
  const onInput = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (formRef.current) submit(withoutPage(formRef.current), { method: "get", replace: true, preventScrollReset: true });
    }, 250);
  };
  const onChange = (event: React.FormEvent<HTMLFormElement>) => {
    const target = event.target as HTMLInputElement;
    if (target.name === "q" || target.type === "number" || target.type === "date") return;
    if (formRef.current) submit(withoutPage(formRef.current), { method: "get", preventScrollReset: true });
  };

  const groups = FACETS_BY_INDEX[query.index];
  return (
    <main id="main" className="mx-auto max-w-7xl space-y-6 px-4 py-8">
      <div>
        <h1 className="page-title">{t("page.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("page.intro")}</p>
        {!signedIn ? <p className="mt-1 text-sm text-slate-500">{t("page.signInForMore")}</p> : null}
      </div>

      <nav aria-label={t("page.indexLabel")} className="flex flex-wrap gap-2">
        {DISCOVERY_INDEXES.map((index) => (
          <Link
            key={index}
            to={`?${discoveryQueryString(clearFilters({ ...query, index, sort: "relevance", page: 1 }))}`}
            aria-current={index === query.index ? "page" : undefined}
            className={`rounded px-3 py-1.5 text-sm ${index === query.index ? "bg-brand-50 font-medium text-brand-700" : "text-slate-700 hover:bg-slate-100"}`}
          >
            {t(`index.${index}`)}
          </Link>
        ))}
      </nav>

      <Form ref={formRef} method="get" role="search" className="grid gap-6 lg:grid-cols-[18rem_1fr]" onChange={onChange}>
        <input type="hidden" name="index" value={query.index} />
        <aside className="card space-y-4 self-start" aria-label={t("page.filters")} key={`filters-${qs}`}>
          {groups.map((g) => {
            const counts = result.status === "ok" ? (result.facets[g] ?? []) : [];
            if (counts.length === 0) return null;
            return (
              <fieldset key={g}>
                <legend className="field-label">{g === "type" && query.index === "credit_products" ? t("facets.typeProducts") : t(`facets.${g}`)}</legend>
                <ul className="facet-values">
                  {counts.map((f) => (
                    <li key={f.value}>
                      <label>
                        <input type="checkbox" name={g} value={f.value} defaultChecked={f.selected} />
                        {label(g, f.value)}
                        <span>{text.fill("search:facets.count", "n", f.count)}</span>
                      </label>
                    </li>
                  ))}
                </ul>
              </fieldset>
            );
          })}
          {query.index !== "enterprises" ? (
            <fieldset>
              <legend className="field-label">{t("facets.amount")}</legend>
              <div className="flex gap-2">
                <label className="sr-only" htmlFor="amountMin">
                  {t("facets.amountMin")}
                </label>
                <input id="amountMin" name="amountMin" type="number" min={0} inputMode="numeric" defaultValue={query.amountMin ?? ""} placeholder={t("facets.amountMinShort")} className="field-input w-full" />
                <label className="sr-only" htmlFor="amountMax">
                  {t("facets.amountMax")}
                </label>
                <input id="amountMax" name="amountMax" type="number" min={0} inputMode="numeric" defaultValue={query.amountMax ?? ""} placeholder={t("facets.amountMaxShort")} className="field-input w-full" />
              </div>
            </fieldset>
          ) : null}
          <fieldset>
            <legend className="field-label">{t("facets.updated")}</legend>
            <label className="block text-xs text-slate-500" htmlFor="updatedFrom">
              {t("facets.updatedFrom")}
            </label>
            <input id="updatedFrom" name="updatedFrom" type="date" defaultValue={query.updatedFrom ?? ""} className="field-input w-full" />
            <label className="mt-1 block text-xs text-slate-500" htmlFor="updatedTo">
              {t("facets.updatedTo")}
            </label>
            <input id="updatedTo" name="updatedTo" type="date" defaultValue={query.updatedTo ?? ""} className="field-input w-full" />
          </fieldset>
          <div className="flex flex-wrap items-center gap-3">
            <button type="submit" className="btn-secondary">
              {t("page.apply")}
            </button>
            {hasFilters(query) ? <Link to={`?${discoveryQueryString(clearFilters(query))}`}>{t("page.clearFilters")}</Link> : null}
          </div>
        </aside>

        <div className="space-y-4">
          <div className="card flex flex-wrap items-end gap-3">
            <div className="min-w-[16rem] flex-1">
              <label htmlFor="search-q" className="field-label">
                {t("page.label")}
              </label>
              <input
                ref={inputRef}
                id="search-q"
                name="q"
                type="search"
                defaultValue={query.q}
                placeholder={t("page.placeholder")}
                className="field-input w-full"
                autoComplete="off"
                maxLength={200}
                onInput={onInput}
              />
            </div>
            <div key={`sort-${qs}`}>
              <label htmlFor="search-sort" className="field-label">
                {t("page.sortLabel")}
              </label>
              <select id="search-sort" name="sort" defaultValue={query.sort} className="field-input">
                {SORTS_BY_INDEX[query.index].map((s) => (
                  <option key={s} value={s}>
                    {t(`sort.${s}`)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="btn-primary">
              {t("page.submit")}
            </button>
          </div>

          <section className="card" aria-live="polite" aria-busy={busy} aria-label={t("page.title")}>
            {result.status === "unavailable" ? (
              <p role="alert" className="py-8 text-center text-slate-600">
                {t("page.unavailable")}
              </p>
            ) : (
              <>
                <p className="mb-2 text-sm text-slate-500" data-testid="result-count">
                  {busy ? t("page.loading") : t(result.capped ? "page.resultsCapped" : "page.results", { count: result.total })}
                  {result.mode === "exact" && result.searched && result.searched !== query.q.trim() ? ` · ${t("page.searched", { q: result.searched })}` : ""}
                </p>
                {result.mode === "corrected" && result.suggestion ? (
                  <p className="mb-2 text-sm text-amber-800" data-testid="search-corrected">
                    {t("assist.corrected", { suggestion: result.suggestion, q: query.q.trim() })}
                  </p>
                ) : null}
                {result.mode === "exact" && result.suggestion ? (
                  <p className="mb-2 text-sm text-slate-700" data-testid="search-did-you-mean">
                    {t("assist.didYouMean")}
                    <Link className="font-medium text-brand-700 underline" to={`?${discoveryQueryString({ ...query, q: result.suggestion, page: 1 })}`}>
                      {result.suggestion}
                    </Link>
                  </p>
                ) : null}
                {result.mode === "relaxed" ? (
                  <p className="mb-2 text-sm text-amber-800" data-testid="search-relaxed">
                    {t("assist.relaxed", { q: query.q.trim() })}
                  </p>
                ) : null}
                {result.hits.length === 0 ? (
                  <EmptyState query={query} examples={result.examples} />
                ) : (
                  <ol className={`hit-list ${busy ? "opacity-60" : ""}`}>
                    {result.hits.map((hit) => (
                      <HitCard key={hit.id} hit={hit} text={text} t={hitT} lng={i18n.language} />
                    ))}
                  </ol>
                )}
                <Pagination page={result.page} pageCount={result.totalPages} />
              </>
            )}
          </section>
        </div>
      </Form>

      <section className="card max-w-2xl" aria-labelledby="save-search-title">
        <h2 id="save-search-title" className="font-medium">
          {t("save.title")}
        </h2>
        {signedIn ? (
          <Form method="post" action="/search/saved" className="mt-2 flex flex-wrap items-end gap-3">
            <input type="hidden" name="intent" value="save" />
            <input type="hidden" name="query" value={qs} />
            <div className="min-w-[12rem] flex-1">
              <label htmlFor="save-name" className="field-label">
                {t("save.name")}
              </label>
              <input
                id="save-name"
                name="name"
                key={`name-${qs}`}
                required
                maxLength={80}
                defaultValue={query.q.trim() || t(`index.${query.index}`)}
                className="field-input w-full"
              />
            </div>
            {query.index === "financing_needs" ? (
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="alerts" value="on" defaultChecked />
                {t("save.alerts")}
              </label>
            ) : (
              <input type="hidden" name="alerts" value="off" />
            )}
            <button type="submit" className="btn-secondary">
              {t("save.submit")}
            </button>
          </Form>
        ) : (
          <p className="mt-2 text-sm text-slate-600">
            <Link to={`/login?redirectTo=${encodeURIComponent(`/search${qs ? `?${qs}` : ""}`)}`}>{t("save.signIn")}</Link>
          </p>
        )}
      </section>
    </main>
  );
}

/** A new text or filter starts again at page 1. */
function withoutPage(form: HTMLFormElement): FormData {
  const data = new FormData(form);
  data.delete("page");
  for (const key of ["amountMin", "amountMax", "updatedFrom", "updatedTo"]) if (data.get(key) === "") data.delete(key);
  if (data.get("sort") === "relevance") data.delete("sort");
  if (data.get("index") === "financing_needs") data.delete("index");
  if (data.get("q") === "") data.delete("q");
  return data;
}
