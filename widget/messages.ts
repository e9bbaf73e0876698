/**
 * The shopper's language: pt-BR by default, en and es. All three ship in the main bundle (about
 * 2 KB gzipped each); a lazy load would delay the first step for the shopper it is meant for.
 */
import { en } from './messages/en.ts';
import { es } from './messages/es.ts';
import { ptBR } from './messages/pt-BR.ts';

export type Messages = typeof en;
export type Lang = 'pt-BR' | 'en' | 'es';

const BY_LANG: Record<Lang, Messages> = { 'pt-BR': ptBR, en, es };

/** "en-US" → en, "es-AR" → es, anything else → pt-BR (the widget sells in Brazil). */
export function resolveLang(lang: string | null | undefined): Lang {
  const base = (lang ?? '').toLowerCase().split('-')[0];
  if (base === 'en') return 'en';
  if (base === 'es') return 'es';
  return 'pt-BR';
}

export function messagesFor(lang: string | null | undefined): Messages {
  return BY_LANG[resolveLang(lang)];
}
