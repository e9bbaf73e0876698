/**
 * The texts of monthly top-ups (issue 10) — the repeat choice on the review, the scheduled result
 * and the manage mode — in pt-BR, en and es. Kept apart from widget/messages/ so the first paint's
 * bundle does not grow for shoppers who never see them; picked by the widget's Messages object.
 */
import type { Messages } from '../messages.ts';

const en = {
  repeatLegend: 'Monthly top-up',
  repeatEveryMonth: 'Repeat every month',
  repeatTimes: 'How many months',
  repeatStart: 'First top-up on',
  repeatWhen: 'When to start',
  repeatNow: 'Now: the first top-up today',
  repeatOnDate: 'On a date',
  repeatChargesNow: (times: number, amount: string, dates: string[]) => `${times} × ${amount}: today, then on ${dates.join(', ')}`,
  repeatChargedNow: (amount: string) => `Today your card is charged ${amount} and the phone is topped up at once. Then ${amount} on each next date, and the phone is topped up then.`,
  repeatConfirmNow: (more: number) => `Top up now and schedule ${more} more`,
  scheduledNowHeading: 'Topped up, and monthly top-up scheduled',
  scheduledNowSummary: (amount: string, phone: string, more: number, next: string) => `${phone} was topped up with ${amount} now. ${more} more top-ups of ${amount}, one a month, the next on ${next}.`,
  repeatStartHint: (first: string, last: string) => `A day from ${first} to ${last}`,
  repeatStartInvalid: (first: string, last: string) => `Choose a day from ${first} to ${last}.`,
  repeatRow: 'Monthly top-ups',
  repeatCharges: (times: number, amount: string, dates: string[]) => `${times} × ${amount}, on ${dates.join(', ')}`,
  repeatNothingNow: (amount: string) => `Nothing is charged today. Your card is charged ${amount} on each date, and the phone is topped up then.`,
  repeatConfirm: (times: number) => `Schedule ${times} monthly top-ups`,
  scheduledHeading: 'Monthly top-up scheduled',
  scheduledSummary: (times: number, amount: string, phone: string, first: string) => `${times} top-ups of ${amount} for ${phone}, one a month, the first on ${first}.`,
  scheduledPending: 'We are confirming the schedule with the card network. Check it with the link below.',
  manageLinkLabel: 'Link to see or cancel it',
  manageLinkHint: 'Keep this link: it is the only way to see or cancel this monthly top-up. Do not share it.',
  copyLink: 'Copy link',
  linkCopied: 'Link copied.',
  manageHeading: 'Your monthly top-up',
  manageLoading: 'Loading the monthly top-up…',
  manageNotFound: 'This link does not open any monthly top-up. Check that it was copied whole.',
  manageFailed: 'The monthly top-up could not be loaded. Try again.',
  statusLabel: 'Status',
  status: { active: 'Active', pending: 'Being confirmed', cancelled: 'Cancelled', finished: 'Finished', failed: 'Not set up' } as Record<string, string>,
  operatorLabel: 'Operator',
  phoneLabel: 'Phone',
  amountLabel: 'Each top-up',
  progressLabel: 'Top-ups',
  progress: (done: number, times: number) => `${done} of ${times} charged`,
  nextLabel: 'Next charge',
  chargesHeading: 'Charges',
  noCharges: 'No charge yet.',
  charge: { topped_up: 'Charged and topped up', denied: 'Card declined: nothing charged, no top-up', pending: 'Charged, top-up on its way', attention: 'Charged, but the top-up failed: the shop will contact you' } as Record<string, string>,
  cancel: 'Cancel the monthly top-up',
  cancelQuestion: 'Cancel it? No more charges will be made and no more top-ups will come.',
  cancelYes: 'Yes, cancel it',
  cancelNo: 'No, keep it',
  cancelling: 'Cancelling…',
  cancelled: 'The monthly top-up was cancelled. No more charges will be made.',
  cancelFailed: 'It could not be cancelled just now. Try again.',
  tryAgain: 'Try again',
};

type RepeatMessages = typeof en;

const ptBR: RepeatMessages = {
  repeatLegend: 'Recarga mensal',
  repeatEveryMonth: 'Repetir todo mês',
  repeatTimes: 'Quantos meses',
  repeatStart: 'Primeira recarga em',
  repeatWhen: 'Quando começar',
  repeatNow: 'Agora: a primeira recarga hoje',
  repeatOnDate: 'Numa data',
  repeatChargesNow: (times, amount, dates) => `${times} × ${amount}: hoje, depois em ${dates.join(', ')}`,
  repeatChargedNow: (amount) => `Hoje seu cartão é cobrado em ${amount} e o celular é recarregado na hora. Depois, ${amount} em cada data seguinte, e o celular é recarregado nesse dia.`,
  repeatConfirmNow: (more) => `Recarregar agora e agendar mais ${more}`,
  scheduledNowHeading: 'Recarga feita e recarga mensal agendada',
  scheduledNowSummary: (amount, phone, more, next) => `O ${phone} foi recarregado com ${amount} agora. Mais ${more} recargas de ${amount}, uma por mês, a próxima em ${next}.`,
  repeatStartHint: (first, last) => `Um dia de ${first} a ${last}`,
  repeatStartInvalid: (first, last) => `Escolha um dia de ${first} a ${last}.`,
  repeatRow: 'Recargas mensais',
  repeatCharges: (times, amount, dates) => `${times} × ${amount}, em ${dates.join(', ')}`,
  repeatNothingNow: (amount) => `Nada é cobrado hoje. Seu cartão é cobrado em ${amount} em cada data, e o celular é recarregado nesse dia.`,
  repeatConfirm: (times) => `Agendar ${times} recargas mensais`,
  scheduledHeading: 'Recarga mensal agendada',
  scheduledSummary: (times, amount, phone, first) => `${times} recargas de ${amount} para ${phone}, uma por mês, a primeira em ${first}.`,
  scheduledPending: 'Estamos confirmando o agendamento com a bandeira do cartão. Acompanhe pelo link abaixo.',
  manageLinkLabel: 'Link para ver ou cancelar',
  manageLinkHint: 'Guarde este link: é o único jeito de ver ou cancelar esta recarga mensal. Não o compartilhe.',
  copyLink: 'Copiar link',
  linkCopied: 'Link copiado.',
  manageHeading: 'Sua recarga mensal',
  manageLoading: 'Carregando a recarga mensal…',
  manageNotFound: 'Este link não abre nenhuma recarga mensal. Confira se ele foi copiado inteiro.',
  manageFailed: 'Não foi possível carregar a recarga mensal. Tente de novo.',
  statusLabel: 'Situação',
  status: { active: 'Ativa', pending: 'Em confirmação', cancelled: 'Cancelada', finished: 'Concluída', failed: 'Não agendada' },
  operatorLabel: 'Operadora',
  phoneLabel: 'Celular',
  amountLabel: 'Cada recarga',
  progressLabel: 'Recargas',
  progress: (done, times) => `${done} de ${times} cobradas`,
  nextLabel: 'Próxima cobrança',
  chargesHeading: 'Cobranças',
  noCharges: 'Nenhuma cobrança ainda.',
  charge: { topped_up: 'Cobrada e recarregada', denied: 'Cartão recusado: nada cobrado, sem recarga', pending: 'Cobrada, recarga a caminho', attention: 'Cobrada, mas a recarga falhou: a loja vai entrar em contato' },
  cancel: 'Cancelar a recarga mensal',
  cancelQuestion: 'Cancelar? Não haverá mais cobranças nem recargas.',
  cancelYes: 'Sim, cancelar',
  cancelNo: 'Não, manter',
  cancelling: 'Cancelando…',
  cancelled: 'A recarga mensal foi cancelada. Não haverá mais cobranças.',
  cancelFailed: 'Não foi possível cancelar agora. Tente de novo.',
  tryAgain: 'Tentar de novo',
};

const es: RepeatMessages = {
  repeatLegend: 'Recarga mensual',
  repeatEveryMonth: 'Repetir cada mes',
  repeatTimes: 'Cuántos meses',
  repeatStart: 'Primera recarga el',
  repeatWhen: 'Cuándo empezar',
  repeatNow: 'Ahora: la primera recarga hoy',
  repeatOnDate: 'En una fecha',
  repeatChargesNow: (times, amount, dates) => `${times} × ${amount}: hoy, luego el ${dates.join(', ')}`,
  repeatChargedNow: (amount) => `Hoy se cobran ${amount} a tu tarjeta y el celular se recarga al instante. Luego, ${amount} en cada fecha siguiente, y el celular se recarga ese día.`,
  repeatConfirmNow: (more) => `Recargar ahora y programar ${more} más`,
  scheduledNowHeading: 'Recarga hecha y recarga mensual programada',
  scheduledNowSummary: (amount, phone, more, next) => `El ${phone} se recargó con ${amount} ahora. ${more} recargas más de ${amount}, una por mes, la próxima el ${next}.`,
  repeatStartHint: (first, last) => `Un día del ${first} al ${last}`,
  repeatStartInvalid: (first, last) => `Elige un día del ${first} al ${last}.`,
  repeatRow: 'Recargas mensuales',
  repeatCharges: (times, amount, dates) => `${times} × ${amount}, el ${dates.join(', ')}`,
  repeatNothingNow: (amount) => `Hoy no se cobra nada. Se cobran ${amount} a tu tarjeta en cada fecha, y el celular se recarga ese día.`,
  repeatConfirm: (times) => `Programar ${times} recargas mensuales`,
  scheduledHeading: 'Recarga mensual programada',
  scheduledSummary: (times, amount, phone, first) => `${times} recargas de ${amount} para ${phone}, una por mes, la primera el ${first}.`,
  scheduledPending: 'Estamos confirmando la programación con la red de la tarjeta. Revísala con el enlace de abajo.',
  manageLinkLabel: 'Enlace para ver o cancelar',
  manageLinkHint: 'Guarda este enlace: es la única forma de ver o cancelar esta recarga mensual. No lo compartas.',
  copyLink: 'Copiar enlace',
  linkCopied: 'Enlace copiado.',
  manageHeading: 'Tu recarga mensual',
  manageLoading: 'Cargando la recarga mensual…',
  manageNotFound: 'Este enlace no abre ninguna recarga mensual. Comprueba que se copió completo.',
  manageFailed: 'No se pudo cargar la recarga mensual. Inténtalo de nuevo.',
  statusLabel: 'Estado',
  status: { active: 'Activa', pending: 'En confirmación', cancelled: 'Cancelada', finished: 'Terminada', failed: 'No programada' },
  operatorLabel: 'Operador',
  phoneLabel: 'Celular',
  amountLabel: 'Cada recarga',
  progressLabel: 'Recargas',
  progress: (done, times) => `${done} de ${times} cobradas`,
  nextLabel: 'Próximo cobro',
  chargesHeading: 'Cobros',
  noCharges: 'Todavía no hay cobros.',
  charge: { topped_up: 'Cobrada y recargada', denied: 'Tarjeta rechazada: nada cobrado, sin recarga', pending: 'Cobrada, recarga en camino', attention: 'Cobrada, pero la recarga falló: la tienda te contactará' },
  cancel: 'Cancelar la recarga mensual',
  cancelQuestion: '¿Cancelarla? No habrá más cobros ni recargas.',
  cancelYes: 'Sí, cancelar',
  cancelNo: 'No, mantener',
  cancelling: 'Cancelando…',
  cancelled: 'La recarga mensual fue cancelada. No habrá más cobros.',
  cancelFailed: 'No se pudo cancelar ahora. Inténtalo de nuevo.',
  tryAgain: 'Intentar de nuevo',
};

/** The repeat texts in the language of the widget's messages. */
export function repeatMessages(m: Messages): RepeatMessages {
  // By tag, not by importing the language chunks here: the repeat chunk must not pull them in.
  return m.lang === 'en' ? en : m.lang === 'es' ? es : ptBR;
}

/** YYYY-MM-DD → DD/MM/YYYY (the widget sells in Brazil; en shows the same). */
export const shortDate = (iso: string): string => iso.split('-').reverse().join('/');

/** The day `months` months after `iso` (the day clamped to the month's last, as a monthly charge falls). */
export function addMonths(iso: string, months: number): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(day, last))).toISOString().slice(0, 10);
}

/** The local day `days` after today, YYYY-MM-DD. */
export function dayFromToday(days: number, now = new Date()): string {
  const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
}
