import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * Revise and withdraw for the offering institution while an offer is open. The withdraw form posts to the page
 * it is on; both pages' actions take `intent=withdraw` with the offer's id.
 */
export function OpenOfferActions({ offerId, needId }: { offerId: string; needId: string }) {
  const { t } = useTranslation("financing");
  return (
    <>
      <Link to={`/market/needs/${needId}/offer?revise=${offerId}`}>{t("offer.revise")}</Link>
      <Form method="post">
        <input type="hidden" name="offerId" value={offerId} />
        <button name="intent" value="withdraw" className="text-red-700 hover:underline">
          {t("offer.withdraw")}
        </button>
      </Form>
    </>
  );
}
