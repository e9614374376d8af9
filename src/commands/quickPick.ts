// Quick picks the routes share: a live picker as one awaitable answer, and the model picker.
import * as vscode from 'vscode';
import { defaultOptions } from '../core/catalog/catalog';
import { GROUP_LABELS, type ModelSpec } from '../core/catalog/types';
import type { PriceBook } from '../core/money/priceBook';
import { quoteText } from '../platform/spending';

/** Shows the picker and resolves with the accepted item, or undefined when dismissed; disposes it. */
export async function pickFrom<T extends vscode.QuickPickItem>(picker: vscode.QuickPick<T>): Promise<T | undefined> {
  try {
    return await new Promise<T | undefined>((resolve) => {
      picker.onDidAccept(() => {
        resolve(picker.selectedItems[0]);
        // Close at once, so what the person types next goes to the next step.
        picker.hide();
      });
      picker.onDidHide(() => resolve(undefined));
      picker.show();
    });
  } finally {
    picker.dispose();
  }
}

export interface ModelPickOptions {
  readonly title: string;
  readonly placeholder: string;
  /** Remembers the last choice under this key and offers it first next time. */
  readonly memento: vscode.Memento;
  readonly memoryKey: string;
  /** Under headings by what the models take ("Text to video", …); else in the given order. */
  readonly grouped: boolean;
  /** Adds each model's estimated cost at its defaults as it arrives. */
  readonly prices?: Pick<PriceBook, 'quote'>;
}

type ModelItem = vscode.QuickPickItem & { readonly model?: ModelSpec };

/** One model picker for every route: label, id, description, the last choice first. */
export async function pickModel(models: readonly ModelSpec[], o: ModelPickOptions): Promise<ModelSpec | undefined> {
  const modelItem = (m: ModelSpec, cost?: string): ModelItem => ({
    label: m.label,
    description: m.id,
    detail: cost ? `${m.description} ${cost}` : m.description,
    model: m,
  });
  let items: ModelItem[] = [];
  const groups = o.grouped ? (Object.keys(GROUP_LABELS) as Array<keyof typeof GROUP_LABELS>) : [undefined];
  for (const group of groups) {
    const inGroup = models.filter((m) => group === undefined || m.group === group);
    if (!inGroup.length) continue;
    if (group) items.push({ label: GROUP_LABELS[group], kind: vscode.QuickPickItemKind.Separator });
    items.push(...inGroup.map((m) => modelItem(m)));
  }
  const picker = vscode.window.createQuickPick<ModelItem>();
  picker.title = o.title;
  picker.placeholder = o.placeholder;
  picker.matchOnDescription = true;
  picker.matchOnDetail = true;
  picker.items = items;
  const last = o.memento.get<string>(o.memoryKey);
  const remembered = items.find((i) => i.model?.id === last);
  if (remembered) picker.activeItems = [remembered];
  if (o.prices) {
    const prices = o.prices;
    void Promise.all(
      models.map(async (m) => [m.id, await prices.quote(m.id, defaultOptions(m)).catch(() => undefined)] as const),
    ).then((quotes) => {
      const cost = new Map(quotes.flatMap(([id, q]) => {
        const text = quoteText(q);
        return text ? [[id, `${text}.`] as const] : [];
      }));
      const active = picker.activeItems[0]?.model?.id;
      items = items.map((i) => (i.model ? modelItem(i.model, cost.get(i.model.id)) : i));
      picker.items = items;
      const again = items.find((i) => i.model?.id === active);
      if (again) picker.activeItems = [again];
    });
  }
  const model = (await pickFrom(picker))?.model;
  if (model) await o.memento.update(o.memoryKey, model.id);
  return model;
}
