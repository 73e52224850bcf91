import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Money, Rate, RuleChecks, StateBadge } from "~/components/financing/financing-ui";
import { ProductForm } from "~/components/financing/product-form";
import { FormErrors, InputField, TextareaField } from "~/components/ui/field";
import { MoneyInput } from "~/components/ui/money-input";
import { productFormOptions, productPage, setProductState, updateCreditProduct } from "~/modules/financing/credit-products.server";
import { creditProductInput, productApplicationInput } from "~/modules/financing/financing-schemas";
import { applyForProduct } from "~/modules/financing/product-applications.server";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { errorsByField } from "~/utils/action-result";
import { handleIntents } from "~/utils/actions.server";
import { newId } from "~/utils/ids";
import { orHttpError } from "~/utils/route.server";
import { can } from "~/modules/access";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "creditProduct");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const page = orHttpError(() => productPage(context.app, actor, params.productId!));
  return {
    ...page,
    canApply: can(actor, "apply:credit-product:enterprise"),
    clientId: newId(),
    options: productFormOptions(context.app, actor),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const here = `/market/products/${params.productId}`;
  const setState = (state: "publish" | "retire", message: string) => {
    setProductState(context.app, actor, params.productId!, state);
    return redirectWithToast(context.app, request, here, { kind: "success", message: `financing:products.${message}` });
  };
  return handleIntents(
    request,
    { publish: z.object({}), retire: z.object({}), apply: productApplicationInput, save: creditProductInput },
    {
      publish: () => setState("publish", "published"),
      retire: () => setState("retire", "retired"),
      apply: (input) => {
        const { application } = applyForProduct(context.app, actor, input);
        return redirectWithToast(context.app, request, `/market/applications/${application.id}`, { kind: "success", message: "financing:products.applied" });
      },
      save: (input) => {
        updateCreditProduct(context.app, actor, params.productId!, input);
        return redirectWithToast(context.app, request, here, { kind: "success", message: "financing:products.updated" });
      },
    },
  );
}

export default function ProductPage() {
  const { t } = useTranslation("financing");
  const { product: p, owner, eligibility, canApply, clientId, options } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [editForm] = useForm({ id: "edit-product", lastResult });
  const [applyForm, applyFields] = useForm<z.input<typeof productApplicationInput>>({
    id: "apply",
    lastResult,
    defaultValue: { id: clientId, productId: p.id, termMonths: p.termMinMonths },
  });
  const errors = errorsByField(lastResult);
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <h1 className="page-title">{p.name}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {p.institutionName} · {t(`productKinds.${p.kind}`)} · <StateBadge kind="productStates" state={p.state} />
        </p>
      </div>
      <section className="card space-y-2 text-sm">
        {p.summary ? <p className="whitespace-pre-line">{p.summary}</p> : null}
        <p>
          <Money yuan={p.minAmount} />–<Money yuan={p.maxAmount} /> · <Rate bp={p.rateMinBp} />–<Rate bp={p.rateMaxBp} /> · {t("products.termRange", { min: p.termMinMonths, max: p.termMaxMonths })}
        </p>
        <p>
          {t("matchingFields.collateral")}: {p.collateral.map((c) => t(`matchingCollateral.${c}`)).join(t("common:listSeparator")) || t("common.none")}
        </p>
      </section>
      {eligibility ? (
        <section className="card" aria-labelledby="rules">
          <h2 id="rules" className="text-lg font-semibold">
            {t("products.rulesTitle")} · {eligibility.eligible ? t("products.eligible") : t("products.notEligible")}
          </h2>
          <RuleChecks checks={eligibility.checks} />
        </section>
      ) : null}
      {canApply && eligibility?.eligible ? (
        <section className="card">
          <h2 className="text-lg font-semibold">{t("products.apply")}</h2>
          <Form method="post" {...getFormProps(applyForm)} className="mt-3 grid gap-4 sm:grid-cols-2">
            <FormErrors id={applyForm.errorId} errors={applyForm.errors} />
            <input type="hidden" name="id" value={clientId} />
            <input type="hidden" name="productId" value={p.id} />
            <MoneyInput id="apply-amount" name="amount" label={t("matchingFields.amount")} defaultYuan={p.minAmount} errors={applyFields.amount.errors} required />
            <InputField meta={applyFields.termMonths} type="number" label={t("matchingFields.termMonths")} />
            <TextareaField meta={applyFields.purpose} label={t("matchingFields.purpose")} className="sm:col-span-2" rows={2} />
            <label className="inline-flex items-start gap-2 text-sm sm:col-span-2">
              <input type="checkbox" name="consent" value="true" required />
              {t("matchingFields.consent")}
            </label>
            <div className="sm:col-span-2">
              <button name="intent" value="apply" className="btn-primary">
                {t("products.apply")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
      {owner ? (
        <section className="card">
          <div className="flex gap-3">
            {p.state === "draft" ? (
              <Form method="post">
                <button name="intent" value="publish" className="btn-primary">
                  {t("products.publish")}
                </button>
              </Form>
            ) : null}
            {p.state !== "retired" ? (
              <Form method="post">
                <button name="intent" value="retire" className="btn-secondary">
                  {t("products.retire")}
                </button>
              </Form>
            ) : null}
          </div>
          {p.state !== "retired" ? (
            <>
              <h2 className="mt-4 text-lg font-semibold">{t("products.edit")}</h2>
              <ProductForm form={editForm} errors={errors} defaults={p} options={options} submitLabel={t("common.save")} />
            </>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
