(function(){
  var ids=["f-unapproved","f-flagged","f-stale","f-language","f-audience","f-queue","f-search"];
  var main=document.querySelector("main"),sections=Array.prototype.slice.call(document.querySelectorAll("section.artwork"));
  // Needs attention first: stale, then flagged, then unapproved, then the rest; by id within each.
  function rank(s){return s.querySelector("article.is-stale")?0:s.querySelector("article.is-flagged")?1:s.querySelector("article.draft:not(.approved)")?2:3;}
  function apply(){
    var u=document.getElementById("f-unapproved").checked,f=document.getElementById("f-flagged").checked,
        s=document.getElementById("f-stale").checked,l=document.getElementById("f-language").value,
        a=document.getElementById("f-audience").value,q=((document.getElementById("f-search")||{}).value||"").toLowerCase(),shown=0,total=0;
    var order=sections.slice();
    if((document.getElementById("f-queue")||{}).checked)order.sort(function(x,y){return rank(x)-rank(y);});
    order.forEach(function(s){main.appendChild(s);});
    document.querySelectorAll("article.draft").forEach(function(d){
      total++;
      var ok=(!u||d.dataset.approved!=="true")&&(!f||d.dataset.flagged==="true")&&(!s||d.dataset.stale==="true")
        &&(!l||d.dataset.language===l)&&(!a||d.dataset.audience===a)
        &&(!q||(d.closest("section").id+" "+d.closest("section").querySelector("h2").textContent+" "+d.textContent).toLowerCase().indexOf(q)>=0);
      d.classList.toggle("hidden",!ok);if(ok)shown++;
    });
    document.querySelectorAll(".audience").forEach(function(g){g.classList.toggle("hidden",!g.querySelector("article.draft:not(.hidden)"));});
    document.querySelectorAll("section.artwork").forEach(function(g){g.classList.toggle("hidden",!g.querySelector("article.draft:not(.hidden)")&&!g.querySelector(".failure"));});
    document.getElementById("shown").textContent=shown+" of "+total+" drafts shown";
  }
  ids.forEach(function(id){var e=document.getElementById(id);if(e)e.addEventListener(id==="f-search"?"input":"change",apply);});
  apply();
})();
(function(){
  // docent review: keyboard shortcuts over the drafts shown (j / k, a approve, r reject).
  if(!document.querySelector("form.actions"))return;
  var current=-1;
  function drafts(){return Array.prototype.filter.call(document.querySelectorAll("article.draft"),function(d){return !d.classList.contains("hidden");});}
  function go(step){var all=drafts();if(!all.length)return;current=Math.max(0,Math.min(all.length-1,current+step));
    all.forEach(function(d){d.classList.remove("current");});all[current].classList.add("current");all[current].scrollIntoView({block:"center"});}
  function press(value){var all=drafts();if(current<0||!all[current])return;var b=all[current].querySelector("button[value="+value+"]");if(b)b.click();}
  document.addEventListener("keydown",function(e){
    if(e.target.tagName==="INPUT"||e.target.tagName==="TEXTAREA"||e.metaKey||e.ctrlKey||e.altKey)return;
    if(e.key==="j")go(1);else if(e.key==="k")go(-1);else if(e.key==="a")press("approve");else if(e.key==="r")press("reject");
  });
})();
