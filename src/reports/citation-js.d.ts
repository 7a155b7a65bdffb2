// @citation-js/core and @citation-js/plugin-csl ship no types: the little the citations use.
declare module "@citation-js/core" {
  export class Cite {
    constructor(data: unknown);
    format(
      kind: "bibliography",
      options: { format: "text" | "html"; template: string; lang: string },
    ): string;
  }
}
declare module "@citation-js/plugin-csl";
