import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { localeOf, titlesFor } from "~/utils/meta";

// The same page for every anonymous visitor (per URL and language): kept by the page cache (ADR 0905).
export const handle = { pageCache: "public" };

export const meta: MetaFunction = ({ matches }) => {
  const titles = titlesFor(localeOf(matches));
  return [{ title: titles.home }, { name: "description", content: titles.homeDescription }];
};

const TIERS = ["incubation", "standardisation", "cultivation"] as const;
const STEPS = ["apply", "bureau", "review", "approve", "notice"] as const;

export default function LandingPage() {
  const { t } = useTranslation();
  return (
    <main id="main">
      <section className="bg-gradient-to-br from-brand-700 to-brand-500 text-white">
        <div className="mx-auto max-w-6xl px-4 py-16">
          <p className="text-sm uppercase tracking-wide text-brand-100">{t("landing.kicker")}</p>
          <h1 className="mt-2 text-3xl font-bold md:text-4xl">{t("landing.title")}</h1>
          <p className="mt-4 max-w-3xl text-brand-50">{t("landing.lead")}</p>
          <div className="mt-8 flex flex-wrap gap-3">
            <Link to="/signup" className="btn bg-white text-brand-700 hover:bg-brand-50">
              {t("landing.ctaApply")}
            </Link>
            <Link to="/directory" className="btn border border-white/60 text-white hover:bg-white/10 hover:text-white">
              {t("landing.ctaDirectory")}
            </Link>
          </div>
        </div>
      </section>
      <section className="mx-auto max-w-6xl px-4 py-12" aria-labelledby="tiers-heading">
        <h2 id="tiers-heading" className="text-2xl font-semibold">
          {t("landing.tiersTitle")}
        </h2>
        <div className="mt-6 grid gap-4 md:grid-cols-3">
          {TIERS.map((tier) => (
            <article key={tier} className="card">
              <h3 className="text-lg font-semibold text-brand-700">{t(`tiers.${tier}`)}</h3>
              <p className="mt-2 text-sm text-slate-700">{t(`landing.tierText.${tier}`)}</p>
            </article>
          ))}
        </div>
      </section>
      <section className="bg-white" aria-labelledby="steps-heading">
        <div className="mx-auto max-w-6xl px-4 py-12">
          <h2 id="steps-heading" className="text-2xl font-semibold">
            {t("landing.stepsTitle")}
          </h2>
          <ol className="mt-6 grid gap-4 md:grid-cols-5">
            {STEPS.map((s, i) => (
              <li key={s} className="rounded-lg border border-slate-200 p-4">
                <span className="text-sm font-semibold text-brand-600">{i + 1}</span>
                <p className="mt-1 text-sm">{t(`landing.steps.${s}`)}</p>
              </li>
            ))}
          </ol>
        </div>
      </section>
      <section className="mx-auto max-w-6xl px-4 py-12" aria-labelledby="services-heading">
        <h2 id="services-heading" className="text-2xl font-semibold">
          {t("landing.servicesTitle")}
        </h2>
        <ul className="mt-4 grid gap-3 text-sm md:grid-cols-2">
          {(["equity", "bonds", "loans", "guarantee", "listing", "database"] as const).map((k) => (
            <li key={k} className="card">
              {t(`landing.services.${k}`)}
            </li>
          ))}
        </ul>
        <p className="mt-8 text-xs text-slate-500">{t("landing.source")}</p>
      </section>
    </main>
  );
}
