import { useTranslation } from "react-i18next";

const STATE_TONE: Record<string, string> = {
  draft: "bg-slate-100 text-slate-700",
  submitted: "bg-sky-100 text-sky-800",
  returned: "bg-amber-100 text-amber-800",
  forwarded: "bg-indigo-100 text-indigo-800",
  checked: "bg-violet-100 text-violet-800",
  in_plan: "bg-violet-100 text-violet-800",
  approved: "bg-emerald-100 text-emerald-800",
  on_notice: "bg-teal-100 text-teal-800",
  admitted: "bg-emerald-700 text-white",
  rejected: "bg-red-100 text-red-800",
  withdrawn: "bg-slate-200 text-slate-600",
};

export function AppStateBadge({ state }: { state: string }) {
  const { t } = useTranslation("board");
  return <span className={`badge ${STATE_TONE[state] ?? ""}`}>{t(`appStates.${state}`)}</span>;
}

const TIER_TONE: Record<string, string> = {
  incubation: "bg-lime-100 text-lime-800",
  standardisation: "bg-sky-100 text-sky-800",
  cultivation: "bg-amber-100 text-amber-900",
};

export function TierBadge({ tier }: { tier: string | null | undefined }) {
  const { t } = useTranslation("board");
  if (!tier) return <span className="text-slate-500">—</span>;
  return <span className={`badge ${TIER_TONE[tier] ?? ""}`}>{t(`tiers.${tier}`)}</span>;
}

export function EmptyState({ children }: { children: React.ReactNode }) {
  return <p className="py-8 text-center text-sm text-slate-500">{children}</p>;
}
