// The report templates (formats) by the names the reporting API uses in `?template=`: one vocabulary
// for the command line, the API and the files written (`…-2008.csv`, `…-national-2021.csv`).
// `2008` is the 2008-era appendix of statistics (指标统计附表); `national-2021` is the national format
// of 国办公开办函〔2021〕30号.

export const TEMPLATE_IDS = ['2008', 'national-2021'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];
/** What `--template` selects: one template, or every one. */
export type TemplateOption = TemplateId | 'all';

/** The title each template's report is printed under (as the reporting service titles its pages). */
export const TEMPLATE_TITLES: Readonly<Record<TemplateId, string>> = {
  '2008': '政府信息公开工作年度报告 指标统计附表',
  'national-2021': '政府信息公开工作年度报告（国办公开办函〔2021〕30号格式）',
};

/**
 * Names the command line used before it took the API's: still accepted, each with the name to use
 * instead, so a script written for them keeps working and is told what to change.
 */
export const DEPRECATED_TEMPLATE_NAMES: Readonly<Record<string, TemplateId>> = { 'appendix-2008': '2008' };

export interface ResolvedTemplateOption {
  readonly option: TemplateOption;
  /** Set when a deprecated name was given: what to write instead. */
  readonly deprecation?: string;
}

/** A `--template` value as the option it selects, or undefined when it names no template. */
export function resolveTemplateOption(name: string): ResolvedTemplateOption | undefined {
  if (name === 'all' || (TEMPLATE_IDS as readonly string[]).includes(name)) {
    return { option: name as TemplateOption };
  }
  // An own entry only: `__proto__` or `toString` name no template.
  const id = Object.hasOwn(DEPRECATED_TEMPLATE_NAMES, name) ? DEPRECATED_TEMPLATE_NAMES[name] : undefined;
  if (id !== undefined) {
    return {
      option: id,
      deprecation: `--template ${name} is deprecated: use --template ${id} (the name the reporting API and the written files use)`,
    };
  }
  return undefined;
}

/** The templates an option selects, in the order they are printed and written. */
export function templatesOf(option: TemplateOption): TemplateId[] {
  return option === 'all' ? [...TEMPLATE_IDS] : [option];
}
