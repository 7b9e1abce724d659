import type { Language } from '../../../contracts/language.ts';
import type { ReceiptKind } from '../../../contracts/agency.ts';
import type { ServiceRequestDetail } from '../../../contracts/service-requests.ts';
import { renderPdf, type ReportDocument } from '../../files/pdf-report.ts';
import { requirePermission, type RequestContext } from '../../http/actor.ts';
import { conflict } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { errandForReceipt } from './custody.service.ts';
import { findMandate } from './mandates.repository.ts';
import { getRequest, type RequestsDeps } from './requests.service.ts';
import { RECEIPT_TEXT, receiptTime, type ReceiptText } from './receipts.text.ts';

export interface ReceiptFile {
  body: Buffer;
  contentType: 'application/pdf';
  filename: string;
}

/** Statuses from which a request has been accepted (the acceptance receipt exists). */
const ACCEPTED = ['accepted', 'inProgress', 'awaitingSupplement', 'decided', 'delivered', 'closed'];

function acceptanceDocument(text: ReceiptText, r: ServiceRequestDetail): ReportDocument {
  const accepted = [...r.events].reverse().find((e) => e.kind === 'accept');
  const rows: [string, string][] = [
    [text.item, `${r.itemName}（${r.itemCode}）`],
    [text.applicant, r.applicantName],
    [text.community, r.communityName ?? r.communityCode],
    [text.channel, text.channels[r.channel] ?? r.channel],
    [text.submittedAt, receiptTime(r.submittedAt)],
    [text.acceptedAt, receiptTime(accepted?.at ?? r.clocks.acceptance.stoppedAt)],
    [text.unit, r.unitName ?? r.unitCode],
    ...(r.mandateId && r.submittedBy ? [[text.agent, r.submittedBy] as [string, string]] : []),
    [text.committedLimit, text.workingDays(r.clocks.processing.limitDays)],
    [text.expectedAt, r.clocks.expectedAt ? r.clocks.expectedAt.slice(0, 10) : text.none],
  ];
  return {
    title: text.acceptance.title,
    subtitle: text.acceptance.subtitle,
    meta: [
      [text.number, r.number],
      [text.printedAt, receiptTime(new Date().toISOString())],
    ],
    sections: [
      { heading: text.sectionRequest, table: { columns: [{ title: text.fieldColumns[0], width: 1 }, { title: text.fieldColumns[1], width: 3 }], rows } },
      {
        heading: text.sectionMaterials,
        table: {
          columns: [{ title: text.materialColumns[0], width: 3 }, { title: text.materialColumns[1] }, { title: text.materialColumns[2] }],
          rows: r.materials.length ? r.materials.map((m) => [m.name, m.required ? text.required : text.optional, m.received || m.attachmentIds.length > 0 ? text.yes : text.no]) : [[text.none, '', '']],
        },
        note: text.acceptance.keep,
      },
    ],
    footer: text.footer,
  };
}

/**
 * 受理回执: the printable acknowledgement of an accepted request, for whoever may read the request
 * (the requests module decides that), in the reader's language. 409 before the request is accepted.
 */
export async function acceptanceReceipt(deps: RequestsDeps, ctx: RequestContext, requestId: string, language: Language): Promise<ReceiptFile> {
  requirePermission(ctx, 'receipts.read');
  const request = await getRequest(deps, ctx, requestId);
  if (!ACCEPTED.includes(request.status)) {
    throw conflict(`Request ${request.number} is ${request.status}: the acceptance receipt exists once it is accepted`, { status: request.status, receipt: 'acceptance' });
  }
  const body = await renderPdf(acceptanceDocument(RECEIPT_TEXT[language], request));
  return { body, contentType: 'application/pdf', filename: `receipt-acceptance-${request.number}.pdf` };
}

/**
 * 代办回执: what the agent carried and when, and the principal's confirmation of the return; for
 * the agent, the principal and staff in scope, once the errand is returned (409 before).
 * Printing it is audited: it names the principal.
 */
export async function handBackReceipt(db: RequestsDeps['db'], ctx: RequestContext, requestId: string, language: Language): Promise<ReceiptFile> {
  const actor = requirePermission(ctx, 'receipts.read');
  const { errand, steps } = await errandForReceipt(db, actor, requestId);
  const returned = steps.find((s) => s.step === 'returned');
  if (!returned) {
    throw conflict(`The errand of request ${requestId} is at ${errand.last_step ?? 'no step'}: the hand-back receipt exists once it is returned to the resident`, { lastStep: errand.last_step, receipt: 'handBack' });
  }
  const text = RECEIPT_TEXT[language];
  const mandate = await findMandate(db, errand.mandate_id);
  const number = errand.request_number ?? requestId;
  const doc: ReportDocument = {
    title: text.handBack.title,
    subtitle: text.handBack.subtitle,
    meta: [
      [text.number, number],
      [text.printedAt, receiptTime(new Date().toISOString())],
    ],
    sections: [
      {
        heading: text.sectionRequest,
        table: {
          columns: [{ title: text.fieldColumns[0], width: 1 }, { title: text.fieldColumns[1], width: 3 }],
          rows: [
            [text.item, errand.item_code],
            [text.principal, errand.principal_name],
            [text.agent, mandate?.agent_display_name ?? mandate?.agent_username ?? errand.agent_user_id],
            [text.mandate, mandate ? text.validity(mandate.valid_from, mandate.valid_until) : errand.mandate_id],
            [text.submittedAt, receiptTime(errand.filed_at)],
          ],
        },
      },
      {
        heading: text.sectionCustody,
        table: {
          columns: [{ title: text.custodyColumns[0], width: 1.4 }, { title: text.custodyColumns[1], width: 1.2 }, { title: text.custodyColumns[2] }, { title: text.custodyColumns[3], width: 2 }, { title: text.custodyColumns[4], width: 1.2 }],
          rows: steps.map((s) => [text.steps[s.step] + (s.late ? text.late : ''), receiptTime(s.at), s.by ?? text.none, s.items.join('、'), s.note ?? '']),
        },
      },
      {
        heading: text.sectionConfirmation,
        table: {
          columns: [{ title: text.fieldColumns[0], width: 1 }, { title: text.fieldColumns[1], width: 3 }],
          rows: [
            [text.confirmedBy, returned.confirmedBy ?? text.none],
            [text.confirmation, returned.confirmation ? text.confirmations[returned.confirmation] : text.none],
            [text.confirmedAt, receiptTime(returned.at)],
          ],
        },
        note: text.handBack.keep,
      },
    ],
    footer: text.footer,
  };
  const body = await renderPdf(doc);
  await recordAudit(db, ctx, { action: 'receipt.handBack.print', areaCode: errand.area_code, targetType: 'serviceRequest', targetId: requestId });
  return { body, contentType: 'application/pdf', filename: `receipt-hand-back-${number}.pdf` };
}

export async function receipt(deps: RequestsDeps, ctx: RequestContext, requestId: string, kind: ReceiptKind, language: Language): Promise<ReceiptFile> {
  return kind === 'acceptance' ? acceptanceReceipt(deps, ctx, requestId, language) : handBackReceipt(deps.db, ctx, requestId, language);
}
