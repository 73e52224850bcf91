import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Toast } from "~/modules/identity/auth.server";

/** One-shot messages after a redirect; announced politely to screen readers. */
export function ToastView({ toast }: { toast: Toast | null }) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState<Toast | null>(toast);
  useEffect(() => {
    setVisible(toast);
    if (!toast) return;
    const timer = setTimeout(() => setVisible(null), 6000);
    return () => clearTimeout(timer);
  }, [toast]);
  return (
    <div aria-live="polite" role="status" className="pointer-events-none fixed bottom-4 right-4 z-50">
      {visible ? (
        <div
          className={`pointer-events-auto flex items-start gap-3 rounded-lg px-4 py-3 text-sm shadow-lg ${
            visible.kind === "error" ? "bg-red-600 text-white" : visible.kind === "success" ? "bg-jade-500 text-white" : "bg-slate-800 text-white"
          }`}
          data-testid="toast"
        >
          <span>{t(visible.message, visible.values)}</span>
          <button type="button" className="opacity-80 hover:opacity-100" onClick={() => setVisible(null)} aria-label={t("actions.close")}>
            ×
          </button>
        </div>
      ) : null}
    </div>
  );
}
