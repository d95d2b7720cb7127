/* The soft hyphens that macros/render/hyphenation.py puts into long words of headings break a
   word on a phone, but Chromium copies and prints them along: "Patientforløbsbeskrivelser" pasted
   into the search field, or searched for in a printed PDF, would hold invisible characters and no
   longer match. Copies are made without them, and a page is printed without them (on paper a
   heading has the width of the page, and Chromium's PDFs, the site's included, take the text as
   it stands when printing begins). */
(() => {
  "use strict";

  const SOFT_HYPHEN = /\u00ad/g;

  document.addEventListener("copy", event => {
    const selection = document.getSelection();
    if (!selection || selection.rangeCount === 0 || !event.clipboardData) return;
    const text = selection.toString();
    if (!text.includes("\u00ad")) return;
    const holder = document.createElement("div");
    for (let i = 0; i < selection.rangeCount; i++) holder.append(selection.getRangeAt(i).cloneContents());
    event.clipboardData.setData("text/plain", text.replace(SOFT_HYPHEN, ""));
    event.clipboardData.setData("text/html", holder.innerHTML.replace(SOFT_HYPHEN, ""));
    event.preventDefault();
  });

  let printed = []; // [text node, its text with soft hyphens], restored after printing
  window.addEventListener("beforeprint", () => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.data.includes("\u00ad")) continue;
      printed.push([node, node.data]);
      node.data = node.data.replace(SOFT_HYPHEN, "");
    }
  });
  window.addEventListener("afterprint", () => {
    for (const [node, text] of printed) node.data = text;
    printed = [];
  });
})();
