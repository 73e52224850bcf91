import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Money, ReasonList, type ReasonLike } from "./financing-ui";

type NeedRec = { need: { id: string; title: string; amount: number; instrument: string; enterpriseName: string }; via: { type: string; name: string }; reasons: ReasonLike[]; canOffer: boolean };
type InstRec = { institutionOrgId: string; institutionName: string; needId: string; needTitle: string; mandateName: string; reasons: ReasonLike[] };
type ProductRec = { productId: string; productName: string; institutionName: string; needTitle: string | null; reasons: ReasonLike[] };

export type FinancingDashboardData =
  | { kind: "institution"; needs: NeedRec[]; hasMandates: boolean }
  | { kind: "enterprise"; institutions: InstRec[]; products: ProductRec[] }
  | null;

/** Dashboard cards: recommendations both ways, each with its "why this match" reasons. */
export function FinancingDashboardCards({ data }: { data: FinancingDashboardData }) {
  const { t } = useTranslation("financing");
  if (!data) return null;
  if (data.kind === "institution") {
    return (
      <section className="card" aria-labelledby="financing-needs" data-testid="financing-needs-card">
        <h2 id="financing-needs" className="text-lg font-semibold">
          {t("dashboard.needsForYou")}
        </h2>
        {data.needs.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">
            {t("dashboard.needsForYouEmpty")} {data.hasMandates ? null : <Link to="/market/institution">{t("dashboard.setMandates")}</Link>}
          </p>
        ) : (
          <ul className="mt-2 divide-y">
            {data.needs.map((r) => (
              <li key={r.need.id} className="py-2 text-sm" data-testid="recommended-need">
                <p className="flex flex-wrap items-center justify-between gap-2">
                  <span>
                    <Link to={`/needs/${r.need.id}`} className="font-medium">
                      {r.need.title}
                    </Link>{" "}
                    · {r.need.enterpriseName} · {t(`matchingInstruments.${r.need.instrument}`)} · <Money yuan={r.need.amount} />
                  </span>
                  {r.canOffer ? (
                    <Link to={`/market/needs/${r.need.id}/offer`} className="btn-secondary text-xs">
                      {t("offer.makeOffer")}
                    </Link>
                  ) : null}
                </p>
                <p className="text-xs text-slate-500">{t("dashboard.via", { name: r.via.name })}</p>
                <ReasonList reasons={r.reasons} />
              </li>
            ))}
          </ul>
        )}
      </section>
    );
  }
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <section className="card" aria-labelledby="financing-insts" data-testid="financing-institutions-card">
        <h2 id="financing-insts" className="text-lg font-semibold">
          {t("dashboard.institutionsForYou")}
        </h2>
        {data.institutions.length === 0 ? <p className="mt-2 text-sm text-slate-600">{t("dashboard.nothing")}</p> : null}
        <ul className="mt-2 divide-y">
          {data.institutions.map((r) => (
            <li key={`${r.institutionOrgId}-${r.needId}`} className="py-2 text-sm">
              <p className="font-medium">{r.institutionName}</p>
              <p className="text-xs text-slate-500">
                {t("dashboard.forNeed", { need: r.needTitle })} · {t("dashboard.via", { name: r.mandateName })}
              </p>
              <ReasonList reasons={r.reasons} />
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="financing-products" data-testid="financing-products-card">
        <h2 id="financing-products" className="text-lg font-semibold">
          {t("dashboard.productsForYou")}
        </h2>
        {data.products.length === 0 ? <p className="mt-2 text-sm text-slate-600">{t("dashboard.nothing")}</p> : null}
        <ul className="mt-2 divide-y">
          {data.products.map((r) => (
            <li key={r.productId} className="py-2 text-sm">
              <Link to={`/market/products/${r.productId}`} className="font-medium">
                {r.productName}
              </Link>{" "}
              · {r.institutionName}
              {r.needTitle ? <p className="text-xs text-slate-500">{t("dashboard.forNeed", { need: r.needTitle })}</p> : null}
              <ReasonList reasons={r.reasons} />
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
