import Foundation

extension ReviewApp {
    /// How often an open page asks whether the folder changed.
    static let liveCheckMilliseconds = 4_000

    /// The page with the app's own script added before `</body>`: every few seconds, while the
    /// page is in view, it asks `/state` whether the output folder changed since the page
    /// came (a run, another editor, a text editor) and, when it did, says so with a link to
    /// reload. Nothing reloads by itself, so that text being typed is not lost. It is the app's
    /// and not the templates' (a project's copy of `templates/review/` made before it has it
    /// too).
    ///
    /// The state the page starts from is asked as soon as it has loaded, not taken while the
    /// page is made: over 10,000 drafts taking it first made every page 0.35–0.45 s slower
    /// (docent-bench --review-only, alternately with the build before: 0.65–0.75 s →
    /// 0.98–1.18 s), and every action answers with a page. A change in the instant between
    /// the server reading the folder and the page's first question goes unnoticed; a save
    /// made on such a page is still refused with both versions (409).
    static func withLiveCheck(_ page: Data) -> Data {
        let script = """
            <script>
            (function(){
              var made=null,told=false;
              if(!window.fetch)return;
              function tell(){
                told=true;
                var p=document.createElement("p"),a=document.createElement("a");
                p.id="folder-changed";p.setAttribute("role","status");
                p.style.cssText="background:#fff8e1;border:1px solid #e0c060;padding:6px 8px;border-radius:4px;margin:0 0 8px";
                p.appendChild(document.createTextNode("The folder changed since this page was loaded (a run, another editor or a text editor). "));
                a.href=location.href;a.textContent="Reload to see it";p.appendChild(a);
                p.appendChild(document.createTextNode(" (text typed here and not saved would be lost)."));
                var top=document.querySelector("header")||document.body;top.insertBefore(p,top.firstChild);
              }
              function ask(){
                if(told||(made!==null&&document.visibilityState==="hidden"))return;
                fetch("/state",{credentials:"same-origin",cache:"no-store"}).then(function(r){return r.ok?r.text():null;})
                  .then(function(t){if(t===null)return;t=t.trim();if(made===null)made=t;else if(t!==made)tell();}).catch(function(){});
              }
              // After the editor's own action (answered within the page), the folder as it is
              // then is where the page stands: asked again at once. A change by someone else in
              // the instant before goes unnoticed here; a save on a stale card is still refused (409).
              window.docentRebase=function(){if(!told){made=null;ask();}};
              ask();
              setInterval(ask,\(liveCheckMilliseconds));
            })();
            </script>

            """
        let end = Data("</body>".utf8)
        guard let at = page.range(of: end, options: .backwards) else { return page + Data(script.utf8) }
        var result = page
        result.insert(contentsOf: Data(script.utf8), at: at.lowerBound)
        return result
    }
}
