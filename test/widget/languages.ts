/** The three languages' texts at once, for specs that check every language (the widget loads one, lazily: messages.ts). */
import { resolveLang, type Lang, type Messages } from '../../widget/messages.ts';
import { en } from '../../widget/messages/en.ts';
import { es } from '../../widget/messages/es.ts';
import { ptBR } from '../../widget/messages/pt-BR.ts';

const BY_LANG: Record<Lang, Messages> = { 'pt-BR': ptBR, en, es };

export function messagesFor(lang: string | null | undefined): Messages {
  return BY_LANG[resolveLang(lang)];
}
