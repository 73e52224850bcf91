import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/modules/identity/auth.server";
import { requireEnterpriseEditor } from "~/modules/enterprises/profiles.server";
import { orHttpError } from "~/utils/route.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  orHttpError(() => requireEnterpriseEditor(actor));
  return { orgId: actor.orgId };
}

const TABS = [
  { to: "/profile", label: "tabs.profile", end: true },
  { to: "/profile/financials", label: "tabs.financials", end: false },
  { to: "/profile/access", label: "tabs.access", end: false },
  { to: "/profile/disclosures", label: "tabs.disclosures", end: false },
] as const;

export default function ProfileLayout() {
  const { t } = useTranslation("enterprises");
  return (
    <div className="space-y-6">
      <nav aria-label={t("tabs.label")} className="flex flex-wrap gap-2 border-b border-slate-200 pb-2 text-sm">
        {TABS.map((tab) => (
          <NavLink
            key={tab.to}
            to={tab.to}
            end={tab.end}
            className={({ isActive }) => `rounded px-3 py-1 ${isActive ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}
          >
            {t(tab.label)}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}
